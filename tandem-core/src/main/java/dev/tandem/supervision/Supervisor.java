package dev.tandem.supervision;

import dev.tandem.supervision.internal.SupervisorBehavior;
import dev.tandem.supervision.internal.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A supervision tree node with Erlang/OTP semantics on Pekko Typed, declared as data.
 *
 * <pre>{@code
 * Behavior<Supervisor.Command> orders =
 *     Supervisor.builder("orders")
 *         .strategy(Strategy.REST_FOR_ONE)
 *         .intensity(3, Duration.ofSeconds(5))
 *         .child("db", Db::create, Restart.PERMANENT)
 *         .child("cache", Cache::create, Restart.TRANSIENT)
 *         .build();
 * }</pre>
 *
 * <p>The result is an ordinary {@link Behavior}: spawn it anywhere, or make it a child of another
 * supervisor to build a tree.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>Start order.</b> Children start one at a time in declaration order; a child is started
 *       only after the one before it finished its set-up.
 *   <li><b>Restarts</b> follow the {@link Strategy}: the children concerned are stopped one at a
 *       time in reverse start order (each gets {@code PreRestart}, and its own children are stopped
 *       and gone, before the next), then started again in start order from a fresh behavior made by
 *       their factory.
 *   <li><b>Intensity.</b> Up to {@code maxRestarts} restarts within the window are done; one more
 *       failure inside the window stops every child in reverse start order (each gets {@code
 *       PostStop}) and fails the supervisor with a {@link SupervisorEscalation}: that is
 *       escalation, and the parent's strategy decides.
 *   <li><b>Stable addresses.</b> A child keeps its {@link ActorRef} across restarts: Tandem
 *       restarts it in place, so callers never re-resolve. Messages that arrive while the child is
 *       restarting, or waiting out a {@link Backoff}, are <b>kept</b> and delivered in order to the
 *       new incarnation, up to the stash capacity (setting {@code
 *       tandem.supervision.stash-capacity}); beyond it they go to dead letters with a warning. The
 *       message whose handling failed is not redelivered. A child removed by its restart type
 *       ({@link Restart}) stops for good. When the supervisor itself is restarted (by its own
 *       parent), its children are new actors: look them up again through the supervisor, whose
 *       own address is stable in turn.
 *   <li><b>Failures while starting</b> (the factory or the behavior's set-up throws) count as
 *       failures under the same rules.
 *   <li><b>Observability.</b> Every restart, removal and escalation is a {@link SupervisionEvent}
 *       published to listeners and logged, expected failures without a stack trace.
 * </ul>
 *
 * <p>Children are ordinary Pekko Typed behaviors. Tandem handles their failures itself: do not wrap
 * them in {@code Behaviors.supervise} unless you want Pekko to handle some failures first.
 */
public final class Supervisor {

  private Supervisor() {}

  /** Starts the declaration of a supervisor named {@code name} (used in logs and events). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The messages a supervisor understands. */
  public sealed interface Command permits WhereIs, WhichChildren, Subscribe, Unsubscribe {}

  /** Asks for the current {@link ActorRef} of a child; the reply is a {@link ChildLocation}. */
  public record WhereIs(String child, ActorRef<ChildLocation> replyTo) implements Command {}

  /** Asks for the state of every child, in start order. */
  public record WhichChildren(ActorRef<Children> replyTo) implements Command {}

  /** Registers a listener for {@link SupervisionEvent}s; it is removed when it terminates. */
  public record Subscribe(ActorRef<SupervisionEvent> listener) implements Command {}

  /** Removes a listener registered with {@link Subscribe}. */
  public record Unsubscribe(ActorRef<SupervisionEvent> listener) implements Command {}

  /**
   * Where a child is: present while the child exists (also while it restarts, since its address is
   * stable), empty for an unknown name or a removed child.
   */
  public record ChildLocation(String child, Optional<ActorRef<Void>> ref) {

    /**
     * The child's reference, typed by its protocol.
     *
     * @throws NoSuchElementException if the child is unknown or was removed
     */
    @SuppressWarnings("unchecked")
    public <T> ActorRef<T> refAs(Class<T> protocol) {
      return (ActorRef<T>) (ActorRef<?>) ref.orElseThrow(
          () -> new NoSuchElementException("no child named '" + child + "'"));
    }
  }

  /** Reply to {@link WhichChildren}. */
  public record Children(List<ChildInfo> children) {}

  /**
   * One child's state.
   *
   * @param restarts how often this child has been restarted since the supervisor started
   */
  public record ChildInfo(String name, Restart restart, ChildStatus status, int restarts) {}

  /** Where a child is in its life. */
  public enum ChildStatus {
    /** Being started, or waiting for its turn to start. */
    STARTING,
    /** Running its current incarnation. */
    RUNNING,
    /** Ended and being restarted (or waiting out a backoff). */
    RESTARTING,
    /** Ended and not restarted by its restart type. */
    REMOVED
  }

  /**
   * Looks up a child of {@code supervisor} once; the reference stays valid across restarts.
   *
   * @return completes with the child's reference, or exceptionally with a {@link
   *     NoSuchElementException} if there is no such child, or a timeout
   */
  public static <T> CompletionStage<ActorRef<T>> lookup(
      ActorRef<Command> supervisor,
      String child,
      Class<T> protocol,
      Duration timeout,
      ActorSystem<?> system) {
    CompletionStage<ChildLocation> reply =
        AskPattern.ask(supervisor, r -> new WhereIs(child, r), timeout, system.scheduler());
    return reply.thenApply(location -> location.refAs(protocol));
  }

  /**
   * Declares a supervisor. All checks happen in {@link #build()}, which names what is wrong.
   * Settings left unset come from {@code tandem.supervision} in the configuration of the
   * ActorSystem the supervisor runs in.
   */
  public static final class Builder {
    private final String name;
    private Strategy strategy = Strategy.ONE_FOR_ONE;
    private Integer maxRestarts;
    private Duration within;
    private Backoff backoff;
    private final List<ChildSpec<?>> children = new ArrayList<>();
    private final List<ActorRef<SupervisionEvent>> listeners = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** The restart strategy; {@link Strategy#ONE_FOR_ONE} if not set. */
    public Builder strategy(Strategy strategy) {
      this.strategy = strategy;
      return this;
    }

    /**
     * At most {@code maxRestarts} restarts within {@code within}; the defaults come from {@code
     * tandem.supervision.intensity}.
     */
    public Builder intensity(int maxRestarts, Duration within) {
      this.maxRestarts = maxRestarts;
      this.within = within;
      return this;
    }

    /** Waits with exponential backoff before each restart; no delay if not set. */
    public Builder backoff(Duration min, Duration max, double randomFactor) {
      return backoff(new Backoff(min, max, randomFactor));
    }

    /** Waits with the given backoff before each restart. */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /** Adds a child; children start in the order they are added. */
    public <T> Builder child(String name, Supplier<? extends Behavior<T>> factory, Restart restart) {
      return child(new ChildSpec<>(name, factory, restart));
    }

    /** Adds a child; children start in the order they are added. */
    public Builder child(ChildSpec<?> spec) {
      children.add(spec);
      return this;
    }

    /** Registers a listener from the start, so it sees every event. */
    public Builder listener(ActorRef<SupervisionEvent> listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * The supervisor's behavior.
     *
     * @throws IllegalArgumentException naming the problem: a blank name, no strategy, an intensity
     *     below 1 restart or with a window that is not positive, a child without a name, factory
     *     or restart type, or two children with the same name
     */
    public Behavior<Command> build() {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("supervisor name must not be blank");
      }
      if (strategy == null) {
        throw new IllegalArgumentException("supervisor '" + name + "': strategy must not be null");
      }
      Optional<RestartIntensity> intensity = Optional.empty();
      if (maxRestarts != null) {
        try {
          intensity = Optional.of(new RestartIntensity(maxRestarts, within));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("supervisor '" + name + "': " + e.getMessage(), e);
        }
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < children.size(); i++) {
        ChildSpec<?> child = children.get(i);
        String where = "supervisor '" + name + "', child #" + (i + 1);
        if (child == null) {
          throw new IllegalArgumentException(where + ": child spec must not be null");
        }
        if (child.name() == null || child.name().isBlank()) {
          throw new IllegalArgumentException(where + ": child name must not be blank");
        }
        where = "supervisor '" + name + "', child '" + child.name() + "'";
        if (!ActorNames.isValid(child.name())) {
          throw new IllegalArgumentException(
              where + ": child name is not a valid actor name (letters, digits and -_.:@&=+,!~*'; only, not starting with $)");
        }
        if (!names.add(child.name())) {
          throw new IllegalArgumentException(where + ": duplicate child name");
        }
        if (child.factory() == null) {
          throw new IllegalArgumentException(where + ": factory must not be null");
        }
        if (child.restart() == null) {
          throw new IllegalArgumentException(where + ": restart type must not be null");
        }
      }
      for (ActorRef<SupervisionEvent> listener : listeners) {
        if (listener == null) {
          throw new IllegalArgumentException("supervisor '" + name + "': listener must not be null");
        }
      }
      SupervisorSpec spec =
          new SupervisorSpec(
              name,
              strategy,
              intensity,
              Optional.ofNullable(backoff),
              List.copyOf(children),
              List.copyOf(listeners));
      return SupervisorBehavior.create(spec);
    }
  }
}
