package dev.tandem.pool.internal;

import dev.tandem.pool.PoolSettings;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * How one worker actor is built (decision record 011), from the outside in: the {@link
 * WorkerGate}, Pekko's restart-with-backoff supervisor, the {@link WorkerTracker}, the user's
 * behavior.
 */
final class WorkerLayers {

  private WorkerLayers() {}

  static <T> Behavior<Object> of(LocalPool<T> pool, Slot slot, Behavior<T> user, PoolSettings settings) {
    Behavior<Object> tracked = Behaviors.intercept(() -> new WorkerTracker<T>(pool, slot), user);
    SupervisorStrategy restart = SupervisorStrategy
        .restartWithBackoff(settings.minBackoff(), settings.maxBackoff(), settings.randomFactor())
        // The pool never holds more than capacity deliveries, so the stash can never overflow.
        .withStashCapacity(settings.capacity() + 16)
        // The pool logs failures itself, without stack traces for the expected ones.
        .withLoggingEnabled(false);
    Behavior<Object> supervised = Behaviors.supervise(tracked).onFailure(Throwable.class, restart);
    return Behaviors.intercept(() -> new WorkerGate(pool, slot), supervised);
  }
}
