package dev.tandem.cluster.pool;

import java.time.Duration;

/**
 * Something off a cluster pool's happy path, as told to {@link ClusterPoolListener}s on the node
 * that observed it: capacity coming and going, node loss and re-dispatch, failures. Happy-path
 * traffic is only counted ({@link ClusterPool#counters()}). Nodes are named by their address
 * ({@code host:port}).
 */
public sealed interface ClusterPoolEvent<T> {

  /** The pool's name. */
  String pool();

  /** A node's workers became available to this node: capacity added. */
  record NodeAdded<T>(String pool, String node) implements ClusterPoolEvent<T> {}

  /** A node's workers are gone (its pool stopped, it left, or it was removed): capacity removed. */
  record NodeRemoved<T>(String pool, String node) implements ClusterPoolEvent<T> {}

  /** A node became unreachable while holding {@code jobsHeld} of this node's jobs. */
  record NodeUnreachable<T>(String pool, String node, int jobsHeld) implements ClusterPoolEvent<T> {}

  /** An unreachable node is reachable again. */
  record NodeReachable<T>(String pool, String node) implements ClusterPoolEvent<T> {}

  /**
   * A job held by a lost node went to another node ({@code toNode}, empty if it waits for one);
   * {@code dispatch} counts the nodes it was sent to, this one included.
   */
  record Redispatched<T>(String pool, T message, String fromNode, String toNode, int dispatch, String why)
      implements ClusterPoolEvent<T> {}

  /** A submit was refused at once ({@link ClusterPoolOverloaded} or {@link ClusterPoolStopped}). */
  record Rejected<T>(String pool, T message, ClusterPoolFailure reason) implements ClusterPoolEvent<T> {}

  /** A job failed {@code max-attempts} workers and will not be tried again. */
  record Quarantined<T>(String pool, T message, JobQuarantined failure) implements ClusterPoolEvent<T> {}

  /** A job ended without a result for another reason (deadline, lost at-most-once job, undeliverable, overload, stop). */
  record JobFailed<T>(String pool, T message, ClusterPoolFailure failure) implements ClusterPoolEvent<T> {}

  /** One of this node's workers threw and will restart after its backoff. */
  record WorkerFailed<T>(String pool, String node, String worker, String cause) implements ClusterPoolEvent<T> {}

  /** One of this node's workers is back after {@code downtime}. */
  record WorkerRestarted<T>(String pool, String node, String worker, long restarts, Duration downtime)
      implements ClusterPoolEvent<T> {}

  /** {@link ClusterPool#stop} finished on this node; {@code unfinished} jobs had no result by then. */
  record Stopped<T>(String pool, Duration took, long unfinished) implements ClusterPoolEvent<T> {}
}
