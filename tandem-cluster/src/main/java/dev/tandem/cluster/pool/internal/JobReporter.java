package dev.tandem.cluster.pool.internal;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Wraps the user's worker behavior inside each worker of a node's local pool: unwraps the {@link
 * NodeJob}, runs the user's handler, and when it returns tells the job's origin {@link
 * Dispatcher.Done} (for a tell; an ask's reply says enough). A throw goes on to the local pool, which retries on another worker of this node
 * or quarantines (the host then reports {@link Dispatcher.Failed}). An at-most-once job is never
 * run a second time: its retry reports the first failure instead.
 */
final class JobReporter extends BehaviorInterceptor<Object, Object> {

  private final String node;

  JobReporter(String node) {
    super(Object.class);
    this.node = node;
  }

  @Override
  public Behavior<Object> aroundReceive(TypedActorContext<Object> ctx, Object message, ReceiveTarget<Object> target) {
    if (!(message instanceof NodeJob job)) {
      // The worker's own traffic (timers, pipeToSelf) passes untouched.
      return target.apply(ctx, message);
    }
    if (job.atMostOnce()) {
      String failed = job.failedWith().get();
      if (failed != null) {
        job.origin().tell(new Dispatcher.Failed(job.jobId(), job.dispatch(), node, 1,
            failed + " (at-most-once job: not retried)"));
        return Behaviors.same();
      }
    }
    Behavior<Object> next;
    try {
      next = target.apply(ctx, job.message());
    } catch (RuntimeException | Error failure) {
      if (job.atMostOnce()) {
        job.failedWith().compareAndSet(null, Notifications.describe(failure));
      }
      throw failure;
    }
    if (job.reportDone()) {
      job.origin().tell(new Dispatcher.Done(job.jobId(), job.dispatch(), node));
    }
    return next;
  }
}
