package dev.tandem.cluster.pool;

import java.util.Objects;

/**
 * How an {@link ClusterPool#ask ask} fails: the stage completes exceptionally with this, and
 * {@link #failure()} says why. No stack trace is filled in: it is an expected outcome, not a bug.
 */
public final class ClusterPoolException extends RuntimeException {

  private final transient ClusterPoolFailure failure;

  public ClusterPoolException(ClusterPoolFailure failure) {
    super(Objects.requireNonNull(failure, "failure").describe(), null, false, false);
    this.failure = failure;
  }

  /** Why the job has no result. */
  public ClusterPoolFailure failure() {
    return failure;
  }
}
