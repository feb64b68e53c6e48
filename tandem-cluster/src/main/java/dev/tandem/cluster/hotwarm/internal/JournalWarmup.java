package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.journal.JournalSettings;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Runs one recovery and one write through the same plugins an active uses, once per node at start,
 * under a persistence id of its own ({@code HotWarm-warmup|<node>}, one event per node start).
 * The first recovery and the first write in a JVM pay for class loading, query compilation and
 * serializer set-up (hundreds of milliseconds on a small machine); a takeover should not.
 */
final class JournalWarmup extends EventSourcedBehavior<Object, Journaled, Long> {

  private record Write() {}

  private final ActorContext<Object> context;
  private final String node;
  private final long started = System.nanoTime();

  private JournalWarmup(ActorContext<Object> context, String node) {
    super(PersistenceId.ofUniqueId("HotWarm-warmup|" + node));
    this.context = context;
    this.node = node;
  }

  static Behavior<Object> create(String node) {
    return Behaviors.setup(context -> new JournalWarmup(context, node));
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public String journalPluginId() {
    return JournalSettings.WRITE_PLUGIN_ID;
  }

  @Override
  public String snapshotPluginId() {
    return ActiveBehavior.WARM_SNAPSHOT_PLUGIN_ID;
  }

  @Override
  public SignalHandler<Long> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> context.getSelf().tell(new Write()))
        .build();
  }

  @Override
  public CommandHandler<Object, Journaled, Long> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Write.class, w -> Effect().persist(new Journaled.EpochStarted(0, node)).thenRun(s -> {
          context.getLog().debug("journal warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
        }).thenStop())
        .onAnyCommand(c -> Effect().none());
  }

  @Override
  public EventHandler<Long, Journaled> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state + 1);
  }
}
