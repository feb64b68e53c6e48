package dev.tandem.pool;

/**
 * Receives a pool's {@link PoolEvent}s: everything off the happy path (rejections, failures,
 * re-dispatches, quarantines, restarts, resizes, drains). Happy-path traffic is counted in {@link
 * Pool#counters()} instead of being reported one message at a time.
 *
 * <p>An event is delivered before the counters reflect it and before the caller's {@link
 * FailureReply} runs, so a test or monitor that sees a counter change finds the event already
 * there. Likewise {@link PoolEvent.Drained} comes before the stage of {@link Pool#stop} completes.
 *
 * <p>Called on pool and worker threads, possibly concurrently: keep it thread-safe, short and
 * non-blocking. An exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface PoolListener<T> {
  void onEvent(PoolEvent<T> event);
}
