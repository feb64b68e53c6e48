package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.hotwarm.ActiveFenced;
import dev.tandem.cluster.journal.JournalSettings;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The singleton actor: runs the active as its child and decides what a failed write means.
 *
 * <p>When the active dies after its recovery, the guard reads the journal at the sequence number the
 * active was about to write. An event there from a newer epoch means another active has taken over: this one is
 * stale, so the guard says so ({@link ActiveFenced}, WARN log) and stops for good. Anything else (a
 * journal outage, or an older active's last write racing our start) restarts the active with
 * backoff, as does a failed recovery (the active never tried to write).
 */
final class ActiveGuard {
  private ActiveGuard() {}

  private record Checked(long atSeqNr, long heldEpoch, Optional<EventEnvelope> found, Optional<Throwable> failure) {}

  private record Restart() {}

  static Behavior<Protocol.ActiveMessage> create(SingletonContext singleton) {
    return Behaviors.<Object>setup(context -> new Guarding(context, singleton).start()).narrow();
  }

  private static final class Guarding {
    private final ActorContext<Object> context;
    private final SingletonContext singleton;
    private ActorRef<Object> active;
    private ActiveProgress progress;
    private boolean handingOff;
    private Duration backoff;
    private int incarnation;

    Guarding(ActorContext<Object> context, SingletonContext singleton) {
      this.context = context;
      this.singleton = singleton;
      this.backoff = singleton.settings().activeMinBackoff();
    }

    Behavior<Object> start() {
      spawnActive();
      return Behaviors.receive(Object.class)
          .onMessage(Protocol.Deliver.class, this::forward)
          .onMessage(Protocol.Handoff.class, this::onHandoff)
          .onMessage(Checked.class, this::onChecked)
          .onMessage(Restart.class, r -> {
            if (!handingOff) {
              spawnActive();
            }
            return Behaviors.same();
          })
          .onSignal(ChildFailed.class, f -> onActiveDied(Optional.of(f.getCause())))
          .onSignal(Terminated.class, t -> onActiveDied(Optional.empty()))
          .onAnyMessage(m -> {
            context.getLog().warn("{}: dropped a message of unknown type {}", singleton.name(), m.getClass().getName());
            return Behaviors.same();
          })
          .build();
    }

    private void spawnActive() {
      incarnation++;
      progress = new ActiveProgress();
      long promotedAt = System.currentTimeMillis();
      ActiveProgress p = progress;
      ActorRef<Protocol.ActiveMessage> self = context.getSelf().narrow();
      active =
          context.spawn(
              // The guard reports what a failure means (fenced, or restarting): no stack trace here.
              Behaviors.supervise(Behaviors.<Object>setup(c -> new ActiveBehavior(c, singleton, self, p, promotedAt)))
                  .onFailure(Exception.class, SupervisorStrategy.stop().withLoggingEnabled(false)),
              "active-" + incarnation);
      context.watch(active);
    }

    private Behavior<Object> forward(Protocol.Deliver deliver) {
      if (active != null) {
        active.tell(deliver);
      }
      // else: restarting or fenced; the client retries
      return Behaviors.same();
    }

    private Behavior<Object> onHandoff(Protocol.Handoff handoff) {
      handingOff = true;
      if (active == null) {
        return Behaviors.stopped();
      }
      active.tell(handoff);
      return Behaviors.same();
    }

    private Behavior<Object> onActiveDied(Optional<Throwable> cause) {
      active = null;
      if (handingOff) {
        return Behaviors.stopped();
      }
      if (progress.attemptedEpoch.get() == 0) {
        // Died before its recovery completed: it never tried to write, so nothing it did can have
        // been refused, and the journal holds no answer about it. (Reading it here would find the
        // previous epoch's events and mistake this active for a stale one: the singleton would stop
        // for good.) A recovery failure is a journal outage or a slow journal: restart.
        context.getLog().warn("active of {} failed to recover ({}); restarts in {}", singleton.name(),
            cause.map(Throwable::getMessage).orElse("stopped"), backoff);
        scheduleRestart();
        return Behaviors.same();
      }
      long held = progress.heldEpoch.get() > 0 ? progress.heldEpoch.get() : progress.attemptedEpoch.get() - 1;
      long at = progress.sequenceNr.get() + 1;
      context.getLog().info("active of {} (epoch {}) died at seqNr {} ({}); checking the journal for a newer active",
          singleton.name(), held, at, cause.map(Throwable::toString).orElse("stopped"));
      JdbcReadJournal journal =
          PersistenceQuery.get(context.getSystem())
              .getReadJournalFor(JdbcReadJournal.class, JournalSettings.QUERY_PLUGIN_ID);
      context.pipeToSelf(
          journal.currentEventsByPersistenceId(singleton.persistenceId(), at, at).runWith(Sink.headOption(), context.getSystem()),
          (found, failure) -> new Checked(at, held, found == null ? Optional.empty() : found, Optional.ofNullable(failure)));
      return Behaviors.same();
    }

    private Behavior<Object> onChecked(Checked checked) {
      if (checked.found().isPresent() && checked.found().get().event() instanceof Journaled journaled
          && journaled.epoch() > checked.heldEpoch()) {
        String newerNode = journaled instanceof Journaled.EpochStarted started ? started.node() : "another node";
        ActiveFenced fenced =
            new ActiveFenced(
                singleton.name(),
                Cluster.get(context.getSystem()).selfMember().address().toString(),
                checked.heldEpoch(),
                journaled.epoch(),
                newerNode,
                checked.atSeqNr());
        context.getLog().warn("{}", fenced);
        context.getSystem().eventStream().tell(new EventStream.Publish<>(fenced));
        return Behaviors.stopped();
      }
      if (handingOff) {
        return Behaviors.stopped();
      }
      context.getLog().warn("active of {} restarts in {} ({})", singleton.name(), backoff,
          checked.failure().map(f -> "journal unreadable: " + f.getMessage())
              .orElse(checked.found().isPresent() ? "an older active wrote last" : "journal write failed"));
      scheduleRestart();
      return Behaviors.same();
    }

    private void scheduleRestart() {
      context.scheduleOnce(backoff, context.getSelf(), new Restart());
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(singleton.settings().activeMaxBackoff()) > 0 ? singleton.settings().activeMaxBackoff() : doubled;
    }
  }
}
