package dev.tandem.cluster.pool;

/**
 * Why a cluster pool did not deliver a job's result. An {@code ask} fails with a {@link
 * ClusterPoolException} carrying one of these; a {@code tell} hands it to the spec's {@link
 * ClusterFailureReply}. Each variant says whether the job may have run and what the caller can do.
 */
public sealed interface ClusterPoolFailure
    permits ClusterPoolOverloaded, ClusterPoolStopped, JobQuarantined, JobTimedOut, JobOutcomeUnknown,
        JobUndeliverable {

  /** The pool that gave up on the job. */
  String pool();

  /** True if the job certainly did not run anywhere, so retrying it cannot run it twice. */
  boolean certainlyNotRun();

  /** One line for logs and error replies. */
  String describe();
}
