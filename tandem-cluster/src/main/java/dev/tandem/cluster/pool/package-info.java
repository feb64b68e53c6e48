/**
 * Cluster pools: hot-hot pools whose workers live on every node of a Pekko cluster, so losing a
 * node costs capacity, not jobs.
 *
 * <p>The public face:
 *
 * <ul>
 *   <li>{@link dev.tandem.cluster.pool.ClusterPool} — start on every node with the same spec;
 *       {@code ask} (one outcome per job, duplicates suppressed) or {@code tell}; {@code counters},
 *       {@code workerCounters}, {@code liveNodes}; {@code stop} (graceful, also on leaving).
 *   <li>{@link dev.tandem.cluster.pool.ClusterPoolSpec} — name, worker behavior, settings, hash
 *       key, which jobs are at-most-once, failure reply, listeners.
 *   <li>{@link dev.tandem.cluster.pool.ClusterPoolSettings} — {@code tandem.cluster-pool} in
 *       tandem-cluster's reference.conf; routing reuses {@link dev.tandem.pool.Routing}.
 *   <li>{@link dev.tandem.cluster.pool.ClusterPoolFailure} — why a job has no result: {@link
 *       dev.tandem.cluster.pool.ClusterPoolOverloaded}, {@link dev.tandem.cluster.pool.ClusterPoolStopped},
 *       {@link dev.tandem.cluster.pool.JobQuarantined}, {@link dev.tandem.cluster.pool.JobTimedOut},
 *       {@link dev.tandem.cluster.pool.JobOutcomeUnknown}, {@link dev.tandem.cluster.pool.JobUndeliverable};
 *       an ask fails with {@link dev.tandem.cluster.pool.ClusterPoolException}, a tell reaches its
 *       {@link dev.tandem.cluster.pool.ClusterFailureReply}.
 *   <li>{@link dev.tandem.cluster.pool.ClusterPoolEvent} / {@link dev.tandem.cluster.pool.ClusterPoolListener},
 *       {@link dev.tandem.cluster.pool.ClusterPoolCounters} with per-node {@link dev.tandem.cluster.pool.NodeCounters}.
 * </ul>
 *
 * <pre>{@code
 * ClusterPool<Score> pool = ClusterPool.start(system,
 *     ClusterPoolSpec.of("scoring", Scorer.create(), ClusterPoolSettings.create(system)));
 * CompletionStage<Scored> scored = pool.ask(replyTo -> new Score("t-1", 1200, replyTo));
 * }</pre>
 *
 * <p>Everything in {@code dev.tandem.cluster.pool.internal} is implementation and may change.
 */
package dev.tandem.cluster.pool;
