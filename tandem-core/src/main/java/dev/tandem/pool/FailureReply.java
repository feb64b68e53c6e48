package dev.tandem.pool;

/**
 * Turns a {@link PoolFailure} into a reply to whoever sent the message, typically by telling the
 * message's own reply-to an error:
 *
 * <pre>{@code
 * FailureReply<Job> reply = (job, failure) -> job.replyTo().tell(new JobFailed(job.id(), failure.describe()));
 * }</pre>
 *
 * <p>Called at most once per message, on a pool or worker thread: keep it short and non-blocking.
 * An exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface FailureReply<T> {

  /** Does nothing: failures then reach only listeners and the log. */
  static <T> FailureReply<T> none() {
    return (message, failure) -> {};
  }

  void reply(T message, PoolFailure failure);
}
