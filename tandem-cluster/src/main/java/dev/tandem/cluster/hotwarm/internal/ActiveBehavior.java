package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.hotwarm.Effect;
import dev.tandem.cluster.hotwarm.HotWarmBehavior;
import dev.tandem.cluster.hotwarm.HotWarmSettings;
import dev.tandem.cluster.hotwarm.TakeoverReport;
import dev.tandem.cluster.journal.JournalSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The active instance: the user's behavior run as a Pekko event-sourced actor, with every event
 * stamped with the active's epoch and command id, the reply of each applied command remembered in
 * the state, and an epoch written at start so that a takeover is visible in the journal.
 */
final class ActiveBehavior extends EventSourcedBehavior<Object, Journaled, HotWarmState> {

  static final String WARM_SNAPSHOT_PLUGIN_ID = "tandem.hotwarm.warm-snapshot-store";

  private record StartEpoch() {}

  private record ReportDue() {}

  private final ActorContext<Object> context;
  private final SingletonContext singleton;
  private final ActorRef<Protocol.ActiveMessage> guard;
  private final ActiveProgress progress;
  @SuppressWarnings("rawtypes")
  private final HotWarmBehavior behavior;
  private final long promotedAt;
  private final String selfNode;
  private long recoveredAt;
  private long epochWrittenAt;
  private long replayed;
  private long snapshotSeqNr;
  private boolean warm;
  private long epoch;
  private boolean reported;
  private String previousNode = "";

  ActiveBehavior(
      ActorContext<Object> context,
      SingletonContext singleton,
      ActorRef<Protocol.ActiveMessage> guard,
      ActiveProgress progress,
      long promotedAt) {
    super(PersistenceId.ofUniqueId(singleton.persistenceId()));
    this.context = context;
    this.singleton = singleton;
    this.guard = guard;
    this.progress = progress;
    this.behavior = singleton.newBehavior();
    this.promotedAt = promotedAt;
    this.selfNode = Cluster.get(context.getSystem()).selfMember().address().toString();
  }

  @Override
  public HotWarmState emptyState() {
    return HotWarmState.empty(behavior, singleton.settings());
  }

  @Override
  public String journalPluginId() {
    return JournalSettings.WRITE_PLUGIN_ID;
  }

  @Override
  public String snapshotPluginId() {
    return WARM_SNAPSHOT_PLUGIN_ID;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    int every = singleton.spec().snapshotEvery();
    return every > 0
        ? RetentionCriteria.snapshotEvery(every, singleton.spec().keepSnapshots())
        : RetentionCriteria.disabled();
  }

  @Override
  public SnapshotAdapter<HotWarmState> snapshotAdapter() {
    HotWarmSettings settings = singleton.settings();
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(HotWarmState state) {
        return state.toSnapshot();
      }

      @Override
      public HotWarmState fromJournal(Object from) {
        // A warm standby's state arrives as it is; a stored snapshot in its serializable form.
        return from instanceof HotWarmState state
            ? state
            : HotWarmState.fromSnapshot((HotWarmState.Snapshot) from, settings);
      }
    };
  }

  @Override
  public SignalHandler<HotWarmState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(
            RecoveryFailed.class,
            (state, failed) ->
                context.getLog().warn("recovery of {} failed: {}", singleton.name(), failed.getFailure().getMessage()))
        .build();
  }

  @Override
  public EventHandler<HotWarmState, Journaled> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state.apply(behavior, event));
  }

  @Override
  public CommandHandler<Object, Journaled, HotWarmState> commandHandler() {
    return newCommandHandlerBuilder().forAnyState().onAnyCommand(this::onCommand);
  }

  private void onRecovered(HotWarmState state) {
    recoveredAt = System.currentTimeMillis();
    long seqNr = lastSequenceNumber(context);
    RecoveryNote note = HotWarmNode.get(context.getSystem()).takeRecoveryNote(singleton.persistenceId());
    warm = note.warm();
    snapshotSeqNr = note.snapshotSeqNr();
    replayed = Math.max(0, seqNr - snapshotSeqNr);
    previousNode = state.epochNode();
    progress.sequenceNr.set(seqNr);
    progress.attemptedEpoch.set(state.epoch() + 1);
    context.getSelf().tell(new StartEpoch());
  }

  private org.apache.pekko.persistence.typed.javadsl.Effect<Journaled, HotWarmState> onCommand(
      HotWarmState state, Object command) {
    if (command instanceof StartEpoch) {
      long next = state.epoch() + 1;
      return Effect()
          .persist(new Journaled.EpochStarted(next, selfNode))
          .thenRun(s -> onEpochWritten(next))
          .thenUnstashAll();
    }
    if (command instanceof Protocol.Deliver deliver) {
      if (epoch == 0) {
        return Effect().stash(); // served once our epoch is in the journal
      }
      return onDeliver(state, deliver);
    }
    if (command instanceof Protocol.Handoff) {
      context.getLog().info("active of {} handing over at seqNr {}", singleton.name(), progress.sequenceNr.get());
      return Effect().stop();
    }
    if (command instanceof ReportDue) {
      report(OptionalLong.empty());
      return Effect().none();
    }
    context.getLog().warn("active of {} dropped a message of unknown type {}", singleton.name(), command.getClass().getName());
    return Effect().none();
  }

  private void onEpochWritten(long written) {
    epochWrittenAt = System.currentTimeMillis();
    epoch = written;
    progress.heldEpoch.set(written);
    progress.sequenceNr.set(lastSequenceNumber(context));
    announce();
    context.scheduleOnce(Duration.ofSeconds(1), context.getSelf(), new ReportDue());
  }

  @SuppressWarnings("unchecked")
  private org.apache.pekko.persistence.typed.javadsl.Effect<Journaled, HotWarmState> onDeliver(
      HotWarmState state, Protocol.Deliver deliver) {
    Optional<Object> earlier = state.replyOf(deliver.commandId());
    if (earlier.isPresent()) {
      context.getLog().debug("{}: command {} already applied, answering with its reply", singleton.name(), deliver.commandId());
      deliver.replyTo().tell(new Protocol.Acked(deliver.commandId(), earlier.get(), guard));
      return Effect().none();
    }
    Effect<Object, Object, Object> effect;
    Object after;
    Object reply;
    try {
      effect = behavior.onCommand(state.user(), deliver.command());
      if (effect == null) {
        throw new IllegalStateException("onCommand returned null");
      }
      after = state.user();
      for (Object event : effect.events()) {
        after = behavior.onEvent(after, event);
      }
      reply = effect.replyFor(after);
    } catch (RuntimeException e) {
      context.getLog().warn("{}: command {} ({}) failed in the command handler: {}", singleton.name(),
          deliver.commandId(), deliver.command() == null ? "null" : deliver.command().getClass().getSimpleName(), e.toString());
      deliver.replyTo().tell(new Protocol.Failed(deliver.commandId(), String.valueOf(e.getMessage())));
      return Effect().none();
    }
    if (effect.events().isEmpty()) {
      deliver.replyTo().tell(new Protocol.Acked(deliver.commandId(), reply, guard));
      served();
      return Effect().none();
    }
    List<Journaled> stamped = new ArrayList<>(effect.events().size());
    List<Object> events = effect.events();
    long appliedAt = System.currentTimeMillis();
    for (int i = 0; i < events.size(); i++) {
      boolean last = i == events.size() - 1;
      stamped.add(new Journaled.Applied(epoch, deliver.commandId(), events.get(i), last ? reply : null, appliedAt));
    }
    Object finalReply = reply;
    return Effect()
        .persist(stamped)
        .thenRun(
            s -> {
              progress.sequenceNr.set(lastSequenceNumber(context));
              deliver.replyTo().tell(new Protocol.Acked(deliver.commandId(), finalReply, guard));
              served();
            });
  }

  private void served() {
    if (!reported) {
      report(OptionalLong.of(System.currentTimeMillis()));
    }
  }

  /** Tells every node's client proxy where the active is, so they resend at once. */
  private void announce() {
    Protocol.ActiveIs message = new Protocol.ActiveIs(singleton.name(), epoch, guard);
    org.apache.pekko.actor.ActorSystem classic = Adapter.toClassic(context.getSystem());
    for (Member member : Cluster.get(context.getSystem()).state().getMembers()) {
      if (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp()) {
        ActorSelection proxy = classic.actorSelection(member.address() + "/system/" + singleton.proxyName());
        proxy.tell(message, org.apache.pekko.actor.ActorRef.noSender());
      }
    }
  }

  private void report(OptionalLong firstServedAt) {
    if (reported) {
      return;
    }
    reported = true;
    TakeoverClock clock = HotWarmNode.get(context.getSystem()).clock();
    long window = promotedAt - 120_000; // marks older than two minutes belong to something else
    OptionalLong unreachable = clock.when(previousNode, TakeoverClock.Mark.UNREACHABLE, window);
    OptionalLong refused = clock.when(previousNode, TakeoverClock.Mark.REFUSED, window);
    OptionalLong leaving = clock.when(previousNode, TakeoverClock.Mark.LEAVING, window);
    OptionalLong downed = clock.when(previousNode, TakeoverClock.Mark.DOWNED, window);
    OptionalLong removed = clock.when(previousNode, TakeoverClock.Mark.REMOVED, window);
    long origin = promotedAt;
    for (OptionalLong mark : List.of(unreachable, refused, leaving, downed, removed)) {
      if (mark.isPresent()) {
        origin = Math.min(origin, mark.getAsLong());
      }
    }
    TakeoverReport report =
        new TakeoverReport(
            singleton.name(),
            selfNode,
            previousNode.equals(selfNode) ? previousNode : previousNode,
            epoch,
            Instant.ofEpochMilli(origin),
            relative(unreachable, origin),
            relative(refused, origin),
            relative(leaving, origin),
            relative(downed, origin),
            relative(removed, origin),
            promotedAt - origin,
            recoveredAt - origin,
            epochWrittenAt - origin,
            relative(firstServedAt, origin),
            warm,
            warm ? replayed : 0,
            replayed,
            progress.sequenceNr.get());
    context.getLog().info("{}", report);
    context.getSystem().eventStream().tell(new EventStream.Publish<>(report));
  }

  private static OptionalLong relative(OptionalLong at, long origin) {
    return at.isPresent() ? OptionalLong.of(at.getAsLong() - origin) : OptionalLong.empty();
  }
}
