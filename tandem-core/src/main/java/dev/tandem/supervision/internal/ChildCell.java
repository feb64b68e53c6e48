package dev.tandem.supervision.internal;

import dev.tandem.supervision.ChildSpec;
import dev.tandem.supervision.internal.CellProtocol.Ended;
import dev.tandem.supervision.internal.CellProtocol.Park;
import dev.tandem.supervision.internal.CellProtocol.Parked;
import dev.tandem.supervision.internal.CellProtocol.Start;
import dev.tandem.supervision.internal.CellProtocol.Started;
import dev.tandem.supervision.internal.CellProtocol.ToCell;
import dev.tandem.supervision.internal.CellProtocol.ToSupervisor;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DeathPactException;
import org.apache.pekko.actor.typed.ExtensibleBehavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.tandem.supervision.Supervisor;

/**
 * The actor that hosts one supervised child for its whole life, across restarts.
 *
 * <p>The child's behavior runs inside this actor, so the child's {@code ActorRef} (this actor's)
 * never changes: a restart replaces the hosted behavior in place instead of spawning a new actor.
 * The cell never decides anything itself. When the hosted behavior fails or stops, the cell
 * reports it to the supervisor and keeps every message that arrives until the supervisor tells it
 * to park (end the incarnation's life: {@code PreRestart}, stop its children) and then to start a
 * fresh incarnation, which first gets the kept messages in their order of arrival.
 */
final class ChildCell<T> extends ExtensibleBehavior<Object> {

  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  private enum Phase {
    /** No incarnation: before the first start, and between park and start. */
    PARKED,
    RUNNING,
    /** The incarnation failed or stopped; reported, waiting for the supervisor. */
    ENDED,
    /** Waiting for the ended incarnation's children to terminate. */
    PARKING
  }

  private final ChildSpec<T> spec;
  private final ActorRef<ToSupervisor> supervisor;
  private final int stashCapacity;
  private final ArrayDeque<Object> stash = new ArrayDeque<>();
  private final Set<ActorRef<Void>> terminating = new HashSet<>();

  private Phase phase = Phase.PARKED;
  /** The running incarnation's behavior; after a failure, the failed one until it is cleaned up. */
  private Behavior<T> current;
  private int incarnation;

  private ChildCell(ChildSpec<T> spec, ActorRef<ToSupervisor> supervisor, int stashCapacity) {
    this.spec = spec;
    this.supervisor = supervisor;
    this.stashCapacity = stashCapacity;
  }

  static <T> Behavior<Object> create(
      ChildSpec<T> spec, ActorRef<ToSupervisor> supervisor, int stashCapacity) {
    return new ChildCell<>(spec, supervisor, stashCapacity);
  }

  @Override
  public Behavior<Object> receive(TypedActorContext<Object> ctx, Object msg) {
    if (msg instanceof ToCell command) {
      if (command instanceof Start start) {
        start(ctx, start.incarnation());
      } else if (command instanceof Park park) {
        park(ctx, park.incarnation());
      }
      return Behaviors.same();
    }
    if (phase != Phase.RUNNING) {
      keep(ctx, msg);
      return Behaviors.same();
    }
    return deliver(ctx, msg);
  }

  @Override
  public Behavior<Object> receiveSignal(TypedActorContext<Object> ctx, Signal signal) {
    if (signal instanceof Terminated terminated
        && phase == Phase.PARKING
        && terminating.remove(terminated.getRef())) {
      if (terminating.isEmpty()) {
        parked(ctx);
      }
      return Behaviors.same();
    }
    if (phase == Phase.RUNNING) {
      try {
        Behavior<T> next = Behavior.interpretSignal(current, typed(ctx), signal);
        if (Behavior.isUnhandled(next) && signal instanceof Terminated terminated) {
          // What Pekko does for an unhandled Terminated: fail the watcher.
          throw deathPact(terminated.getRef());
        }
        if (signal != PostStop.instance()) {
          advance(ctx, next);
        }
      } catch (Throwable failure) {
        if (signal != PostStop.instance()) {
          failed(ctx, failure);
        } else {
          logCleanUpFailure(ctx, "PostStop", failure);
        }
      }
    } else if (signal == PostStop.instance() && current != null) {
      // Stopped by the supervisor before the ended incarnation was parked: still clean it up.
      cleanUp(ctx, PostStop.instance());
    }
    return Behaviors.same();
  }

  private Behavior<Object> deliver(TypedActorContext<Object> ctx, Object msg) {
    try {
      @SuppressWarnings("unchecked")
      Behavior<T> next = Behavior.interpretMessage(current, typed(ctx), (T) msg);
      if (Behavior.isUnhandled(next)) {
        return Behaviors.unhandled();
      }
      advance(ctx, next);
    } catch (Throwable failure) {
      failed(ctx, failure);
    }
    return Behaviors.same();
  }

  /** Installs the behavior a message or signal returned, or reports a normal stop. */
  private void advance(TypedActorContext<Object> ctx, Behavior<T> next) {
    Behavior<T> canonical = Behavior.canonicalize(next, current, typed(ctx));
    if (Behavior.isAlive(canonical)) {
      current = canonical;
      return;
    }
    // A normal stop. As in Pekko, the behavior that was running gets PostStop. (A callback given
    // to Behaviors.stopped(...) is not run: Pekko keeps it internal.)
    cleanUp(ctx, PostStop.instance());
    phase = Phase.ENDED;
    supervisor.tell(new Ended(self(ctx), incarnation, Optional.empty()));
  }

  private void failed(TypedActorContext<Object> ctx, Throwable failure) {
    if (Causes.isFatal(failure)) {
      sneakyThrow(failure);
    }
    LOG.debug("child '{}' failed: {}", spec.name(), Causes.chain(failure));
    phase = Phase.ENDED;
    supervisor.tell(new Ended(self(ctx), incarnation, Optional.of(failure)));
  }

  private void start(TypedActorContext<Object> ctx, int newIncarnation) {
    incarnation = newIncarnation;
    try {
      Behavior<T> made = spec.factory().get();
      if (made == null) {
        throw new IllegalStateException("the factory of child '" + spec.name() + "' returned null");
      }
      current = Behavior.start(Behavior.validateAsInitial(made), typed(ctx));
    } catch (Throwable failure) {
      current = null;
      failed(ctx, failure);
      return;
    }
    phase = Phase.RUNNING;
    supervisor.tell(new Started(self(ctx), incarnation));
    if (!Behavior.isAlive(current)) {
      current = null;
      phase = Phase.ENDED;
      supervisor.tell(new Ended(self(ctx), incarnation, Optional.empty()));
      return;
    }
    while (phase == Phase.RUNNING && !stash.isEmpty()) {
      Behavior<Object> result = deliver(ctx, stash.poll());
      if (Behavior.isUnhandled(result)) {
        LOG.debug("child '{}' did not handle a kept message", spec.name());
      }
    }
  }

  private void park(TypedActorContext<Object> ctx, int parkedIncarnation) {
    incarnation = parkedIncarnation;
    if (current != null) {
      cleanUp(ctx, PreRestart.instance());
    }
    phase = Phase.PARKING;
    // Stop what the ended incarnation spawned, as a Pekko restart does, so that the next one can
    // reuse the names. Re-watch first: the child may have been watched with watchWith.
    for (ActorRef<Void> child : ctx.asJava().getChildren()) {
      ctx.asJava().unwatch(child);
      ctx.asJava().watch(child);
      ctx.asJava().stop(child);
      terminating.add(child);
    }
    if (terminating.isEmpty()) {
      parked(ctx);
    }
  }

  private void parked(TypedActorContext<Object> ctx) {
    phase = Phase.PARKED;
    supervisor.tell(new Parked(self(ctx), incarnation));
  }

  /** Gives the ended incarnation its last signal; a failure there is logged, not propagated. */
  private void cleanUp(TypedActorContext<Object> ctx, Signal signal) {
    Behavior<T> ending = current;
    current = null;
    try {
      Behavior.interpretSignal(ending, typed(ctx), signal);
    } catch (Throwable failure) {
      if (Causes.isFatal(failure)) {
        sneakyThrow(failure);
      }
      logCleanUpFailure(ctx, signal.getClass().getSimpleName(), failure);
    }
  }

  private void logCleanUpFailure(TypedActorContext<Object> ctx, String signal, Throwable failure) {
    LOG.warn("child '{}' failed while handling {}: {}", spec.name(), signal, Causes.chain(failure));
  }

  private void keep(TypedActorContext<Object> ctx, Object msg) {
    if (stash.size() < stashCapacity) {
      stash.add(msg);
      return;
    }
    LOG.warn(
            "child '{}' is restarting and already keeps {} messages (tandem.supervision.stash-capacity);"
                + " a {} goes to dead letters",
            spec.name(),
            stashCapacity,
            msg.getClass().getName());
    ctx.asJava().getSystem().deadLetters().tell(msg);
  }

  private static ActorRef<Object> self(TypedActorContext<Object> ctx) {
    return ctx.asJava().getSelf();
  }

  @SuppressWarnings("unchecked")
  private static <T> TypedActorContext<T> typed(TypedActorContext<Object> ctx) {
    // The hosted behavior runs in this very actor; its context is ours, seen with its own type.
    return (TypedActorContext<T>) (TypedActorContext<?>) ctx;
  }

  @SuppressWarnings("unchecked")
  private static DeathPactException deathPact(ActorRef<Void> watched) {
    // Pekko types the reference as ActorRef[Nothing]; Java cannot name that type directly.
    return new DeathPactException((ActorRef<scala.runtime.Nothing$>) (ActorRef<?>) watched);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }
}
