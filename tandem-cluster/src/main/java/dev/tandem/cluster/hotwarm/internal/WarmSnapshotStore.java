package dev.tandem.cluster.hotwarm.internal;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.DeleteSnapshotFailure;
import org.apache.pekko.persistence.DeleteSnapshotsFailure;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;
import scala.jdk.javaapi.OptionConverters;

/**
 * The snapshot store a hot-warm active recovers from. Loading takes the local warm standby's state,
 * if there is one, and serves it as the snapshot at the standby's sequence number, so recovery
 * replays only the events after it. Everything else goes to the durable delegate store (or nowhere
 * when {@code delegate = ""}).
 */
public final class WarmSnapshotStore extends SnapshotStore {

  private final String delegateId;
  private final Duration timeout;
  private final ActorSystem<?> system;
  private final HotWarmNode node;
  /**
   * Where the ask continuations run: the ActorSystem's dispatcher. Pekko's ask stages run even
   * plain {@code thenApply} callbacks asynchronously on the common pool, which below 3 cores has
   * no threads and starts a new one for every task.
   */
  private final java.util.concurrent.Executor executor;

  public WarmSnapshotStore(Config config) {
    this.delegateId = config.getString("delegate");
    this.timeout = config.getDuration("delegate-timeout");
    this.system = Adapter.toTyped(context().system());
    this.node = HotWarmNode.get(system);
    this.executor = system.executionContext();
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    CompletionStage<Optional<SelectedSnapshot>> loaded =
        node.takeStandby(persistenceId)
            .map(standby -> fromStandby(standby, persistenceId, criteria))
            .orElseGet(() -> fromDelegate(persistenceId, criteria));
    return FutureConverters.asScala(loaded);
  }

  private CompletionStage<Optional<SelectedSnapshot>> fromStandby(
      org.apache.pekko.actor.typed.ActorRef<WarmStandby.Command> standby,
      String persistenceId,
      SnapshotSelectionCriteria criteria) {
    CompletionStage<WarmStandby.Surrendered> surrendered =
        AskPattern.ask(standby, WarmStandby.Surrender::new, timeout, system.scheduler());
    return surrendered
        .thenComposeAsync(
            s -> {
              if (s.sequenceNr() > 0 && s.sequenceNr() <= criteria.maxSequenceNr()) {
                node.noteRecovery(persistenceId, new RecoveryNote(true, s.sequenceNr()));
                SnapshotMetadata metadata =
                    SnapshotMetadata.apply(persistenceId, s.sequenceNr(), System.currentTimeMillis());
                return CompletableFuture.completedFuture(
                    Optional.of(SelectedSnapshot.create(metadata, s.state())));
              }
              return fromDelegate(persistenceId, criteria);
            }, executor)
        .exceptionallyComposeAsync(
            failure -> {
              log().warning("warm standby of {} did not hand over ({}); recovering from the journal",
                  persistenceId, failure.getMessage());
              return fromDelegate(persistenceId, criteria);
            }, executor);
  }

  private CompletionStage<Optional<SelectedSnapshot>> fromDelegate(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    if (delegateId.isEmpty()) {
      node.noteRecovery(persistenceId, new RecoveryNote(false, 0));
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return Patterns.ask(delegate(), new SnapshotProtocol.LoadSnapshot(persistenceId, criteria, Long.MAX_VALUE), timeout)
        .thenApplyAsync(
            reply -> {
              if (reply instanceof SnapshotProtocol.LoadSnapshotResult result) {
                Optional<SelectedSnapshot> snapshot = OptionConverters.toJava(result.snapshot());
                node.noteRecovery(
                    persistenceId,
                    new RecoveryNote(false, snapshot.map(s -> s.metadata().sequenceNr()).orElse(0L)));
                return snapshot;
              }
              if (reply instanceof SnapshotProtocol.LoadSnapshotFailed failed) {
                throw new IllegalStateException("snapshot store " + delegateId + " failed to load", failed.cause());
              }
              throw new IllegalStateException("unexpected reply from " + delegateId + ": " + reply);
            }, executor);
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    if (delegateId.isEmpty()) {
      return FutureConverters.asScala(CompletableFuture.completedFuture(null));
    }
    return FutureConverters.asScala(
        Patterns.ask(delegate(), new SnapshotProtocol.SaveSnapshot(metadata, snapshot), timeout)
            .thenApplyAsync(
                reply -> {
                  if (reply instanceof SaveSnapshotFailure failure) {
                    throw new IllegalStateException("snapshot store " + delegateId + " failed to save", failure.cause());
                  }
                  return (Void) null;
                }, executor));
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    if (delegateId.isEmpty()) {
      return FutureConverters.asScala(CompletableFuture.completedFuture(null));
    }
    return FutureConverters.asScala(
        Patterns.ask(delegate(), new SnapshotProtocol.DeleteSnapshot(metadata), timeout)
            .thenApplyAsync(
                reply -> {
                  if (reply instanceof DeleteSnapshotFailure failure) {
                    throw new IllegalStateException("snapshot store " + delegateId + " failed to delete", failure.cause());
                  }
                  return (Void) null;
                }, executor));
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    if (delegateId.isEmpty()) {
      return FutureConverters.asScala(CompletableFuture.completedFuture(null));
    }
    return FutureConverters.asScala(
        Patterns.ask(delegate(), new SnapshotProtocol.DeleteSnapshots(persistenceId, criteria), timeout)
            .thenApplyAsync(
                reply -> {
                  if (reply instanceof DeleteSnapshotsFailure failure) {
                    throw new IllegalStateException("snapshot store " + delegateId + " failed to delete", failure.cause());
                  }
                  return (Void) null;
                }, executor));
  }

  private ActorRef delegate() {
    return Persistence.get(context().system()).snapshotStoreFor(delegateId, com.typesafe.config.ConfigFactory.empty());
  }
}
