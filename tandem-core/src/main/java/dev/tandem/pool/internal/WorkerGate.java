package dev.tandem.pool.internal;

import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The outermost layer of a worker, outside Pekko's restart supervisor. It sees every message
 * before the supervisor can stash it during a restart backoff, so deliveries that reach a worker
 * which is down (or being removed) move on to a live worker instead of waiting for the restart.
 * It also stops the worker on {@link Retire} once nothing routed to it is still on its way.
 */
final class WorkerGate extends BehaviorInterceptor<Object, Object> {

  /** How often a retiring worker re-checks for deliveries still on their way to it. */
  private static final Duration RETIRE_RECHECK = Duration.ofMillis(10);

  private final LocalPool<?> pool;
  private final Slot slot;

  WorkerGate(LocalPool<?> pool, Slot slot) {
    super(Object.class);
    this.pool = pool;
    this.slot = slot;
  }

  @Override
  public Behavior<Object> aroundReceive(
      TypedActorContext<Object> ctx, Object message, ReceiveTarget<Object> target) {
    if (message instanceof Delivery delivery) {
      if (pool.abandoning()) {
        pool.abandon(slot, delivery);
        return Behaviors.same();
      }
      if (!slot.isUp() && pool.moveElsewhere(slot, delivery)) {
        return Behaviors.same();
      }
      return target.apply(ctx, message);
    }
    if (message == Retire.INSTANCE) {
      if (slot.load() > 0) {
        // A sender or a failing worker has routed a delivery here that has not arrived yet (or
        // it sits in the restart stash): stay until it is handled or moved.
        ctx.asJava().scheduleOnce(RETIRE_RECHECK, ctx.asJava().getSelf(), Retire.INSTANCE);
        return Behaviors.same();
      }
      pool.workerRetired(slot);
      return Behaviors.stopped();
    }
    return target.apply(ctx, message);
  }
}
