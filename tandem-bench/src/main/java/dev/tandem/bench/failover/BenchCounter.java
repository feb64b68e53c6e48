package dev.tandem.bench.failover;

import dev.tandem.cluster.hotwarm.CborSerializable;
import dev.tandem.cluster.hotwarm.Effect;
import dev.tandem.cluster.hotwarm.HotWarmBehavior;

/**
 * The Tandem subject: a counter run as a hot-warm singleton. Each {@link Add} persists one event
 * stamped with the active's monotonic clock and replies with the new value and the node that
 * served it, so a client can tell the old active's acknowledgements from the new one's.
 */
final class BenchCounter
    implements HotWarmBehavior<BenchCounter.Command, BenchCounter.Added, BenchCounter.Count, Reply> {

  sealed interface Command extends CborSerializable {}

  /** Add one. */
  record Add() implements Command {}

  /**
   * The event. {@code persistedAtNanos} is {@link System#nanoTime()} on the active when it decided
   * to persist; every JVM on one Linux machine reads the same monotonic clock, so a standby on
   * another JVM can subtract it from its own reading.
   */
  record Added(long persistedAtNanos) implements CborSerializable {}

  /** The state (serializable, so snapshots can hold it). */
  record Count(long value) implements CborSerializable {}

  private final String node;
  private final LagRecorder lag;

  BenchCounter(String node, LagRecorder lag) {
    this.node = node;
    this.lag = lag;
  }

  @Override
  public Count emptyState() {
    return new Count(0);
  }

  @Override
  public Effect<Added, Count, Reply> onCommand(Count state, Command command) {
    return Effect.persist(new Added(System.nanoTime())).thenReply(after -> new Reply(after.value(), node));
  }

  @Override
  public Count onEvent(Count state, Added event) {
    lag.applied(event.persistedAtNanos());
    return new Count(state.value() + 1);
  }
}
