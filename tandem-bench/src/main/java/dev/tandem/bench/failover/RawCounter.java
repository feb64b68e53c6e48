package dev.tandem.bench.failover;

import dev.tandem.cluster.hotwarm.CborSerializable;
import dev.tandem.cluster.journal.JournalSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.Recovery;

/**
 * The raw Pekko baseline: the same counter as {@link BenchCounter}, written as a plain
 * {@code EventSourcedBehavior} the way a Pekko user would put it in a Cluster Singleton. It uses
 * the same journal plugin (same database, same DAO) as Tandem, so the comparison shows what the
 * hot-warm machinery costs and buys, not a difference in storage.
 */
final class RawCounter extends EventSourcedBehavior<RawCounter.Command, BenchCounter.Added, BenchCounter.Count> {

  sealed interface Command extends CborSerializable {}

  record Add(ActorRef<Reply> replyTo) implements Command {}

  /** Stops the instance (used between the recovery trials of the journal-length bench). */
  record Stop() implements Command {}

  private final String node;
  private final boolean useSnapshots;

  private RawCounter(String persistenceId, String node, boolean useSnapshots) {
    super(PersistenceId.ofUniqueId(persistenceId));
    this.node = node;
    this.useSnapshots = useSnapshots;
  }

  /** The persistence id of the raw counter named {@code name}. */
  static String persistenceId(String name) {
    return "raw|" + name;
  }

  /** The counter named {@code name}; {@code useSnapshots = false} recovers from events alone. */
  static Behavior<Command> create(String name, boolean useSnapshots) {
    return Behaviors.setup(ctx ->
        new RawCounter(persistenceId(name), ctx.getSystem().address().toString(), useSnapshots));
  }

  @Override
  public String journalPluginId() {
    return JournalSettings.WRITE_PLUGIN_ID;
  }

  @Override
  public String snapshotPluginId() {
    return JournalSettings.SNAPSHOT_PLUGIN_ID;
  }

  @Override
  public Recovery recovery() {
    return useSnapshots
        ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.latest())
        : Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public BenchCounter.Count emptyState() {
    return new BenchCounter.Count(0);
  }

  @Override
  public CommandHandler<Command, BenchCounter.Added, BenchCounter.Count> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Add.class, (state, add) -> Effect()
            .persist(new BenchCounter.Added(System.nanoTime()))
            .thenReply(add.replyTo(), after -> new Reply(after.value(), node)))
        .onCommand(Stop.class, (state, stop) -> Effect().stop())
        .build();
  }

  @Override
  public EventHandler<BenchCounter.Count, BenchCounter.Added> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(BenchCounter.Added.class, (state, added) -> new BenchCounter.Count(state.value() + 1))
        .build();
  }
}
