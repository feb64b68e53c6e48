package dev.tandem.supervision.internal;

import dev.tandem.supervision.Backoff;
import dev.tandem.supervision.ChildSpec;
import dev.tandem.supervision.Restart;
import dev.tandem.supervision.RestartIntensity;
import dev.tandem.supervision.Strategy;
import dev.tandem.supervision.SupervisionEvent;
import dev.tandem.supervision.SupervisionEvent.ChildRemoved;
import dev.tandem.supervision.SupervisionEvent.ChildRestarted;
import dev.tandem.supervision.SupervisionEvent.Escalated;
import dev.tandem.supervision.Supervisor;
import dev.tandem.supervision.Supervisor.ChildInfo;
import dev.tandem.supervision.Supervisor.ChildLocation;
import dev.tandem.supervision.Supervisor.ChildStatus;
import dev.tandem.supervision.SupervisorEscalation;
import dev.tandem.supervision.internal.CellProtocol.Ended;
import dev.tandem.supervision.internal.CellProtocol.Park;
import dev.tandem.supervision.internal.CellProtocol.Parked;
import dev.tandem.supervision.internal.CellProtocol.Start;
import dev.tandem.supervision.internal.CellProtocol.Started;
import dev.tandem.supervision.internal.CellProtocol.ToSupervisor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervisor: hosts each child in a {@link ChildCell} and carries out restarts as a plan of
 * steps run one at a time (park a child, wait out a backoff, start a child, remove a child). Only
 * one plan runs at a time; a child's end reported meanwhile waits its turn, unless the running plan
 * restarts that child anyway.
 */
public final class SupervisorBehavior extends AbstractBehavior<Object> {

  /** One logger for every supervisor, so operators can tune supervision logging in one place. */
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  private static final AtomicLong BACKOFF_TOKENS = new AtomicLong();

  /** The end of a backoff delay; the token tells it apart from a stale one. */
  private record BackoffElapsed(long token) {}

  private sealed interface Step {}

  private record StartStep(Slot slot) implements Step {}

  private record ParkStep(Slot slot) implements Step {}

  private record DelayStep(Duration delay) implements Step {}

  private record RemoveStep(Slot slot, Optional<Throwable> cause) implements Step {}

  private record StopStep(Slot slot) implements Step {}

  private record FailStep(Slot trigger, Optional<Throwable> cause, int restartsInWindow)
      implements Step {}

  /** Why a child is being restarted, kept for its event. */
  private record Trigger(String child, Optional<Throwable> cause, int restartsInWindow, long atNanos) {}

  private static final class Slot {
    final ChildSpec<?> spec;
    final ActorRef<Object> cell;
    int incarnation;
    ChildStatus status = ChildStatus.STARTING;
    /** Set when a start is planned, cleared when it succeeds: survives a plan cut short. */
    boolean needsStart = true;
    int restarts;
    Optional<Trigger> restartTrigger = Optional.empty();

    Slot(ChildSpec<?> spec, ActorRef<Object> cell) {
      this.spec = spec;
      this.cell = cell;
    }

    String name() {
      return spec.name();
    }
  }

  private final SupervisorSpec spec;
  private final RestartIntensity intensity;
  private final List<Slot> slots = new ArrayList<>();
  private final Set<ActorRef<SupervisionEvent>> listeners = new LinkedHashSet<>();
  private final ArrayDeque<Step> plan = new ArrayDeque<>();
  private final ArrayDeque<Ended> waitingEnds = new ArrayDeque<>();
  /** Restart times (System.nanoTime) inside the intensity window, oldest first. */
  private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();

  /** The step waiting for its acknowledgement, if any. */
  private Optional<Step> inFlight = Optional.empty();
  private long backoffToken = -1;

  public static Behavior<Supervisor.Command> create(SupervisorSpec spec) {
    Behavior<Object> behavior = Behaviors.setup(ctx -> new SupervisorBehavior(ctx, spec));
    return behavior.narrow();
  }

  private SupervisorBehavior(ActorContext<Object> ctx, SupervisorSpec spec) {
    super(ctx);
    this.spec = spec;
    SupervisionSettings settings =
        SupervisionSettings.create(ctx.getSystem().settings().config());
    this.intensity = spec.intensity().orElse(settings.defaultIntensity());
    ActorRef<ToSupervisor> self = ctx.getSelf().narrow();
    for (ChildSpec<?> child : spec.children()) {
      ActorRef<Object> cell =
          ctx.spawn(ChildCell.create(child, self, settings.stashCapacity()), child.name());
      ctx.watch(cell);
      slots.add(new Slot(child, cell));
    }
    spec.listeners().forEach(this::subscribe);
    planStarts();
    run();
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Started.class, this::onStarted)
        .onMessage(Ended.class, this::onEnded)
        .onMessage(Parked.class, this::onParked)
        .onMessage(BackoffElapsed.class, this::onBackoffElapsed)
        .onMessage(Supervisor.WhereIs.class, this::onWhereIs)
        .onMessage(Supervisor.WhichChildren.class, this::onWhichChildren)
        .onMessage(Supervisor.Subscribe.class, m -> { subscribe(m.listener()); return this; })
        .onMessage(Supervisor.Unsubscribe.class, m -> { listeners.remove(m.listener()); return this; })
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  // ---- reports from the cells ----------------------------------------------------------------

  private Behavior<Object> onStarted(Started started) {
    Optional<Slot> slot = current(started);
    if (slot.isPresent() && inFlight.equals(Optional.of(new StartStep(slot.get())))) {
      Slot s = slot.get();
      s.status = ChildStatus.RUNNING;
      s.needsStart = false;
      s.restartTrigger.ifPresent(trigger -> restarted(s, trigger));
      s.restartTrigger = Optional.empty();
      inFlight = Optional.empty();
      run();
    }
    return this;
  }

  private Behavior<Object> onEnded(Ended ended) {
    Optional<Slot> found = current(ended);
    if (found.isEmpty()) {
      return this;
    }
    Slot slot = found.get();
    if (inFlight.equals(Optional.of(new StartStep(slot)))) {
      // The start itself failed: what was left of the plan is recomputed from the new failure.
      inFlight = Optional.empty();
      plan.removeIf(step -> step instanceof StartStep);
      handleEnd(slot, ended.cause());
    } else if (inFlight.isPresent() || !plan.isEmpty()) {
      if (!willRestart(slot)) {
        slot.status = ChildStatus.RESTARTING;
        waitingEnds.add(ended);
      }
    } else {
      handleEnd(slot, ended.cause());
    }
    return this;
  }

  private Behavior<Object> onParked(Parked parked) {
    Optional<Slot> slot = current(parked);
    if (slot.isPresent() && inFlight.equals(Optional.of(new ParkStep(slot.get())))) {
      inFlight = Optional.empty();
      run();
    }
    return this;
  }

  private Behavior<Object> onBackoffElapsed(BackoffElapsed elapsed) {
    if (elapsed.token() == backoffToken && inFlight.filter(DelayStep.class::isInstance).isPresent()) {
      inFlight = Optional.empty();
      run();
    }
    return this;
  }

  private Behavior<Object> onTerminated(Terminated terminated) {
    for (Slot slot : slots) {
      if (!slot.cell.equals(terminated.getRef())) {
        continue;
      }
      boolean expected =
          inFlight.filter(step -> step instanceof RemoveStep r && r.slot() == slot
              || step instanceof StopStep s && s.slot() == slot).isPresent();
      if (expected) {
        inFlight.filter(RemoveStep.class::isInstance)
            .map(RemoveStep.class::cast)
            .ifPresent(remove -> removed(slot, remove.cause()));
        slot.status = ChildStatus.REMOVED;
        inFlight = Optional.empty();
        run();
      } else if (slot.status != ChildStatus.REMOVED) {
        // A cell only dies on a fatal error; the child's address is gone, so give up.
        slot.status = ChildStatus.REMOVED;
        escalate(slot, Optional.of(new IllegalStateException(
            "the actor hosting child '" + slot.name() + "' terminated unexpectedly")), restartTimes.size());
      }
      return this;
    }
    listeners.remove(terminated.getRef().<SupervisionEvent>unsafeUpcast());
    return this;
  }

  // ---- deciding -------------------------------------------------------------------------------

  private void handleEnd(Slot slot, Optional<Throwable> cause) {
    Restart restart = slot.spec.restart();
    boolean restartable =
        restart == Restart.PERMANENT || (restart == Restart.TRANSIENT && cause.isPresent());
    if (!restartable) {
      slot.status = ChildStatus.RESTARTING;
      plan.add(new RemoveStep(slot, cause));
      run();
      return;
    }
    long now = System.nanoTime();
    long windowStart = now - intensity.within().toNanos();
    while (!restartTimes.isEmpty() && restartTimes.peekFirst() < windowStart) {
      restartTimes.pollFirst();
    }
    if (restartTimes.size() >= intensity.maxRestarts()) {
      escalate(slot, cause, restartTimes.size());
      return;
    }
    restartTimes.addLast(now);
    Trigger trigger = new Trigger(slot.name(), cause, restartTimes.size(), now);

    List<Slot> affected = affectedBy(slot);
    for (int i = affected.size() - 1; i >= 0; i--) {
      Slot s = affected.get(i);
      if (s != slot && s.spec.restart() == Restart.TEMPORARY) {
        // As in OTP: a temporary sibling stopped by a group restart is not started again.
        s.status = ChildStatus.RESTARTING;
        plan.add(new RemoveStep(s, Optional.empty()));
      } else {
        s.status = ChildStatus.RESTARTING;
        s.restartTrigger = Optional.of(trigger);
        s.needsStart = true;
        plan.add(new ParkStep(s));
      }
    }
    spec.backoff()
        .map(backoff -> backoff.delay(trigger.restartsInWindow(), ThreadLocalRandom.current().nextDouble()))
        .ifPresent(delay -> plan.add(new DelayStep(delay)));
    planStarts();
    run();
  }

  /**
   * Starts, in start order, every child that needs one: those this plan parks, and those whose
   * start an earlier plan did not reach because a start before them failed.
   */
  private void planStarts() {
    for (Slot s : slots) {
      if (s.needsStart && s.status != ChildStatus.REMOVED) {
        plan.add(new StartStep(s));
      }
    }
  }

  private List<Slot> affectedBy(Slot failed) {
    int index = slots.indexOf(failed);
    List<Slot> candidates =
        switch (spec.strategy()) {
          case ONE_FOR_ONE -> List.of(failed);
          case ONE_FOR_ALL -> slots;
          case REST_FOR_ONE -> slots.subList(index, slots.size());
        };
    List<Slot> affected = new ArrayList<>();
    for (Slot s : candidates) {
      if (s == failed || s.status != ChildStatus.REMOVED) {
        affected.add(s);
      }
    }
    return affected;
  }

  /** Whether the running plan is going to park (and so restart) this child anyway. */
  private boolean willRestart(Slot slot) {
    return plan.stream().anyMatch(step -> step instanceof ParkStep p && p.slot() == slot);
  }

  private void escalate(Slot trigger, Optional<Throwable> cause, int restartsInWindow) {
    plan.clear();
    waitingEnds.clear();
    inFlight = Optional.empty();
    for (int i = slots.size() - 1; i >= 0; i--) {
      Slot s = slots.get(i);
      if (s.status != ChildStatus.REMOVED) {
        plan.add(new StopStep(s));
      }
    }
    plan.add(new FailStep(trigger, cause, restartsInWindow));
    run();
  }

  // ---- carrying out the plan ------------------------------------------------------------------

  private void run() {
    while (inFlight.isEmpty() && !plan.isEmpty()) {
      Step step = plan.poll();
      if (step instanceof FailStep fail) {
        throw giveUp(fail);
      }
      inFlight = Optional.of(step);
      if (step instanceof StartStep start) {
        Slot slot = start.slot();
        slot.incarnation++;
        slot.status = slot.restartTrigger.isPresent() ? ChildStatus.RESTARTING : ChildStatus.STARTING;
        slot.cell.tell(new Start(slot.incarnation));
      } else if (step instanceof ParkStep park) {
        park.slot().cell.tell(new Park(park.slot().incarnation));
      } else if (step instanceof DelayStep delay) {
        backoffToken = BACKOFF_TOKENS.incrementAndGet();
        getContext().scheduleOnce(delay.delay(), getContext().getSelf(), new BackoffElapsed(backoffToken));
      } else if (step instanceof RemoveStep remove) {
        getContext().stop(remove.slot().cell);
      } else if (step instanceof StopStep stop) {
        getContext().stop(stop.slot().cell);
      }
    }
    while (inFlight.isEmpty() && plan.isEmpty() && !waitingEnds.isEmpty()) {
      Ended ended = waitingEnds.poll();
      current(ended).ifPresent(slot -> handleEnd(slot, ended.cause()));
    }
  }

  private SupervisorEscalation giveUp(FailStep fail) {
    String child = fail.trigger().name();
    // WARN, as every supervision event: the parent decides what the failure means (it restarts
    // the subtree, or gives up in turn); at the top of a tree this line is the report of its end.
    LOG.warn(
        "supervisor '{}' gave up: child '{}' ended with {}, one more than the limit of {};"
            + " all children stopped, escalating to the parent",
        spec.name(), child, Causes.describe(fail.cause()), intensity);
    publish(new Escalated(spec.name(), child, fail.cause(), fail.restartsInWindow(), intensity, Instant.now()));
    String message = "supervisor '" + spec.name() + "' exceeded " + intensity + " (last: child '" + child + "')";
    return new SupervisorEscalation(spec.name(), child, message, fail.cause().orElse(null));
  }

  // ---- events and queries ---------------------------------------------------------------------

  private void restarted(Slot slot, Trigger trigger) {
    slot.restarts++;
    Duration downtime = Duration.ofNanos(System.nanoTime() - trigger.atNanos());
    String why = trigger.child().equals(slot.name())
        ? "after " + Causes.describe(trigger.cause())
        : "because '" + trigger.child() + "' ended with " + Causes.describe(trigger.cause());
    LOG.info(
        "supervisor '{}' restarted child '{}' {} ({}; restart {} of {} within {}; down {} ms)",
        spec.name(), slot.name(), why, strategyName(), trigger.restartsInWindow(),
        intensity.maxRestarts(), Durations.human(intensity.within()), downtime.toMillis());
    publish(new ChildRestarted(spec.name(), slot.name(), trigger.child(), trigger.cause(),
        trigger.restartsInWindow(), intensity, spec.strategy(), downtime, Instant.now()));
  }

  private void removed(Slot slot, Optional<Throwable> cause) {
    LOG.info(
        "supervisor '{}' removed {} child '{}' after {}; it is not restarted",
        spec.name(), slot.spec.restart().name().toLowerCase(), slot.name(), Causes.describe(cause));
    publish(new ChildRemoved(spec.name(), slot.name(), slot.spec.restart(), cause, Instant.now()));
  }

  private String strategyName() {
    return spec.strategy().name().toLowerCase().replace('_', '-');
  }

  private void publish(SupervisionEvent event) {
    listeners.forEach(listener -> listener.tell(event));
  }

  private void subscribe(ActorRef<SupervisionEvent> listener) {
    if (listeners.add(listener)) {
      getContext().watch(listener);
    }
  }

  private Behavior<Object> onWhereIs(Supervisor.WhereIs query) {
    Optional<ActorRef<Void>> ref = slots.stream()
        .filter(s -> s.name().equals(query.child()) && s.status != ChildStatus.REMOVED)
        .findFirst()
        .map(s -> s.cell.<Void>unsafeUpcast());
    query.replyTo().tell(new ChildLocation(query.child(), ref));
    return this;
  }

  private Behavior<Object> onWhichChildren(Supervisor.WhichChildren query) {
    List<ChildInfo> children = slots.stream()
        .map(s -> new ChildInfo(s.name(), s.spec.restart(), s.status, s.restarts))
        .toList();
    query.replyTo().tell(new Supervisor.Children(children));
    return this;
  }

  /** The slot a report is about, if it comes from a current cell about its current incarnation. */
  private Optional<Slot> current(ToSupervisor report) {
    return slots.stream()
        .filter(s -> s.cell.equals(report.cell()) && s.incarnation == report.incarnation())
        .findFirst();
  }
}
