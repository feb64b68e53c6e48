package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.hotwarm.HotWarmBehavior;
import dev.tandem.cluster.journal.JournalSettings;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A warm standby: follows the singleton's journal and keeps its state and sequence number in
 * memory; processes no commands. When the active starts on this node it takes the state over
 * ({@link Surrender}) and the standby stops: from then on the state belongs to the active.
 */
final class WarmStandby {
  private WarmStandby() {}

  sealed interface Command {}

  private record Next(EventEnvelope envelope) implements Command {}

  private record StreamEnded(Optional<Throwable> failure) implements Command {}

  private record Resume() implements Command {}

  /** Hand the state over and stop. */
  record Surrender(ActorRef<Surrendered> replyTo) implements Command {}

  /** The state at {@code sequenceNr} (empty state at 0 if nothing was applied yet). */
  record Surrendered(HotWarmState state, long sequenceNr) {}

  static Behavior<Command> create(SingletonContext singleton) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new Following(context, timers, singleton).start()));
  }

  private static final class Following {
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final SingletonContext singleton;
    @SuppressWarnings("rawtypes")
    private final HotWarmBehavior behavior;
    private final JdbcReadJournal journal;
    private final HotWarmNode node;
    private HotWarmState state;
    private long sequenceNr;
    private final java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
    private UniqueKillSwitch stream;

    Following(ActorContext<Command> context, TimerScheduler<Command> timers, SingletonContext singleton) {
      this.context = context;
      this.timers = timers;
      this.singleton = singleton;
      this.behavior = singleton.newBehavior();
      this.journal =
          PersistenceQuery.get(context.getSystem())
              .getReadJournalFor(JdbcReadJournal.class, JournalSettings.QUERY_PLUGIN_ID);
      this.node = HotWarmNode.get(context.getSystem());
      this.state = HotWarmState.empty(behavior, singleton.settings());
    }

    Behavior<Command> start() {
      node.registerStandby(singleton.persistenceId(), context.getSelf(), progress);
      follow();
      context.getLog().info("warm standby of {} following the journal", singleton.name());
      return Behaviors.receive(Command.class)
          .onMessage(Next.class, this::onNext)
          .onMessage(StreamEnded.class, this::onStreamEnded)
          .onMessage(Resume.class, r -> {
            follow();
            return Behaviors.same();
          })
          .onMessage(Surrender.class, this::onSurrender)
          .onSignal(PostStop.class, s -> {
            stopStream();
            node.unregisterStandby(singleton.persistenceId(), context.getSelf(), progress);
            return Behaviors.same();
          })
          .build();
    }

    private void follow() {
      ActorRef<Command> self = context.getSelf();
      var materialized =
          journal
              .eventsByPersistenceId(singleton.persistenceId(), sequenceNr + 1, Long.MAX_VALUE)
              .viaMat(KillSwitches.single(), Keep.right())
              .toMat(Sink.foreach(envelope -> self.tell(new Next(envelope))), Keep.both())
              .run(context.getSystem());
      stream = materialized.first();
      materialized
          .second()
          .whenComplete(
              (Done done, Throwable failure) -> self.tell(new StreamEnded(Optional.ofNullable(failure))));
    }

    private void stopStream() {
      if (stream != null) {
        stream.shutdown();
        stream = null;
      }
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> onNext(Next next) {
      EventEnvelope envelope = next.envelope();
      long seqNr = envelope.sequenceNr();
      if (seqNr <= sequenceNr) {
        return Behaviors.same(); // already applied (a restarted stream may repeat)
      }
      if (seqNr != sequenceNr + 1) {
        // A gap would make the state wrong; start over from what we have.
        context.getLog().warn("standby of {} saw seqNr {} after {}; re-reading", singleton.name(), seqNr, sequenceNr);
        stopStream();
        timers.startSingleTimer(new Resume(), java.time.Duration.ofMillis(10));
        return Behaviors.same();
      }
      if (envelope.event() instanceof Journaled journaled) {
        state = state.apply(behavior, journaled);
      } else {
        context.getLog().warn("standby of {} skipped an event of unknown type {} at seqNr {}",
            singleton.name(), envelope.event().getClass().getName(), seqNr);
      }
      sequenceNr = seqNr;
      progress.set(seqNr);
      return Behaviors.same();
    }

    private Behavior<Command> onStreamEnded(StreamEnded ended) {
      if (stream == null) {
        return Behaviors.same(); // we stopped it
      }
      stream = null;
      context.getLog().warn("standby of {} lost its journal stream at seqNr {} ({}); resuming in {}",
          singleton.name(), sequenceNr,
          ended.failure().map(Throwable::getMessage).orElse("completed"),
          singleton.settings().standbyRestartBackoff());
      timers.startSingleTimer(new Resume(), singleton.settings().standbyRestartBackoff());
      return Behaviors.same();
    }

    private Behavior<Command> onSurrender(Surrender surrender) {
      stopStream();
      node.unregisterStandby(singleton.persistenceId(), context.getSelf(), progress);
      surrender.replyTo().tell(new Surrendered(state, sequenceNr));
      context.getLog().debug("standby of {} handed over its state at seqNr {}", singleton.name(), sequenceNr);
      return Behaviors.stopped();
    }
  }
}
