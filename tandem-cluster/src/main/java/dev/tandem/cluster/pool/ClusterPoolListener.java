package dev.tandem.cluster.pool;

/**
 * Receives a cluster pool's {@link ClusterPoolEvent}s on the node where they were observed. Called
 * from the pool's actor and from worker threads, possibly concurrently: keep it thread-safe, short
 * and non-blocking. An exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ClusterPoolListener<T> {
  void onEvent(ClusterPoolEvent<T> event);
}
