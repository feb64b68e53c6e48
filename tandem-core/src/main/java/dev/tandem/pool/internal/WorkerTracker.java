package dev.tandem.pool.internal;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The layer around the user's behavior, inside Pekko's restart supervisor. It is where the pool
 * learns, without any message, that a delivery completed (the handler returned) or failed (the
 * handler threw, with the failed delivery at hand in the catch): the in-flight message is simply
 * the one on the stack. On failure it hands the delivery back to the pool and rethrows so the
 * supervisor restarts the worker.
 */
final class WorkerTracker<T> extends BehaviorInterceptor<Object, T> {

  private final LocalPool<?> pool;
  private final Slot slot;

  WorkerTracker(LocalPool<?> pool, Slot slot) {
    super(Object.class);
    this.pool = pool;
    this.slot = slot;
  }

  @Override
  public Behavior<T> aroundStart(TypedActorContext<Object> ctx, PreStartTarget<T> target) {
    Behavior<T> started;
    try {
      started = target.start(ctx);
    } catch (Throwable failure) {
      if (!Fatal.is(failure)) {
        pool.workerFailed(slot, null, failure);
      }
      throw failure;
    }
    pool.workerStarted(slot);
    return started;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Behavior<T> aroundReceive(
      TypedActorContext<Object> ctx, Object message, ReceiveTarget<T> target) {
    if (!(message instanceof Delivery delivery)) {
      // The worker's own traffic (timers, pipeToSelf): not pool work, not counted.
      return target.apply(ctx, (T) message);
    }
    if (pool.abandoning()) {
      pool.abandon(slot, delivery);
      return Behaviors.same();
    }
    slot.current(delivery);
    Behavior<T> next;
    try {
      next = target.apply(ctx, (T) delivery.message());
    } catch (Throwable failure) {
      slot.current(null);
      if (!Fatal.is(failure)) {
        pool.workerFailed(slot, delivery, failure);
      }
      throw failure;
    }
    slot.current(null);
    slot.addCompleted();
    pool.afterFinish();
    if (!Behavior.isAlive(next)) {
      IllegalStateException stop = new IllegalStateException(
          "a pool worker returned Behaviors.stopped(); pool workers are permanent, so it restarts");
      pool.workerFailed(slot, null, stop);
      throw stop;
    }
    return next;
  }
}
