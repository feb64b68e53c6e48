/**
 * Hot-warm singletons: one active instance of an event-sourced behavior in the cluster, warm
 * standbys that follow its journal on the next-oldest nodes, and a takeover that replays only what
 * the standby had not applied.
 *
 * <p>Public face:
 *
 * <ul>
 *   <li>{@link dev.tandem.cluster.hotwarm.HotWarmBehavior} and {@link
 *       dev.tandem.cluster.hotwarm.Effect}: what you write (commands, events, state, replies).
 *   <li>{@link dev.tandem.cluster.hotwarm.HotWarmSpec} and {@link
 *       dev.tandem.cluster.hotwarm.HotWarm#init}: start it on every node.
 *   <li>{@link dev.tandem.cluster.hotwarm.HotWarmRef#ask}: send commands from any node; failures are
 *       {@link dev.tandem.cluster.hotwarm.CommandRejected}, {@link
 *       dev.tandem.cluster.hotwarm.CommandOutcomeUnknown}, {@link
 *       dev.tandem.cluster.hotwarm.CommandFailed}.
 *   <li>{@link dev.tandem.cluster.hotwarm.HotWarmEvent}s on the event stream: {@link
 *       dev.tandem.cluster.hotwarm.TakeoverReport}, {@link dev.tandem.cluster.hotwarm.ActiveFenced}.
 *   <li>{@link dev.tandem.cluster.hotwarm.HotWarmSettings} ({@code tandem.hotwarm}) and {@link
 *       dev.tandem.cluster.hotwarm.DowningPreset}.
 *   <li>{@link dev.tandem.cluster.hotwarm.CborSerializable}: the marker your message types carry.
 * </ul>
 *
 * See {@code docs/hotwarm.md} for the guarantees and their limits.
 */
package dev.tandem.cluster.hotwarm;
