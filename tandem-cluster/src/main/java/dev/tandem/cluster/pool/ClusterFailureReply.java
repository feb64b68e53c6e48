package dev.tandem.cluster.pool;

/**
 * Tells the sender of a {@link ClusterPool#tell tell} that the pool gave up on its job, typically
 * by telling the message's own reply-to an error:
 *
 * <pre>{@code
 * ClusterFailureReply<Score> reply = (score, failure) -> score.replyTo().tell(new NotScored(score.id(), failure.describe()));
 * }</pre>
 *
 * <p>Called at most once per job, on the node that submitted it, from the pool's own actor: keep
 * it short and non-blocking. An exception it throws is logged and otherwise ignored. Jobs
 * submitted with {@code ask} fail their stage instead.
 */
@FunctionalInterface
public interface ClusterFailureReply<T> {

  /** Does nothing: failures then reach only listeners and the log. */
  static <T> ClusterFailureReply<T> none() {
    return (message, failure) -> {};
  }

  void reply(T message, ClusterPoolFailure failure);
}
