package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.hotwarm.HotWarmSettings;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;

/**
 * Per-ActorSystem hot-warm services: where local standbys can be found by the warm snapshot store,
 * what a recovery was served, the takeover clock, and the node-wide watchers (membership marks and
 * the crash probe), started once.
 */
public final class HotWarmNode implements Extension {

  private static final ExtensionId<HotWarmNode> ID =
      new ExtensionId<>() {
        @Override
        public HotWarmNode createExtension(ActorSystem<?> system) {
          return new HotWarmNode(system);
        }
      };

  private final ActorSystem<?> system;
  private final Map<String, ActorRef<WarmStandby.Command>> standbys = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicLong> standbyProgress = new ConcurrentHashMap<>();
  private final Map<String, RecoveryNote> recoveries = new ConcurrentHashMap<>();
  private final Map<String, Object> singletons = new ConcurrentHashMap<>();
  private final TakeoverClock clock = new TakeoverClock();
  private final AtomicBoolean watchersStarted = new AtomicBoolean();

  private HotWarmNode(ActorSystem<?> system) {
    this.system = system;
  }

  public static HotWarmNode get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Starts the membership watcher and (if enabled) the crash probe, once per ActorSystem. */
  public void startWatchers(HotWarmSettings settings) {
    if (watchersStarted.compareAndSet(false, true)) {
      system.systemActorOf(MembershipMarks.create(clock), "tandem-hotwarm-membership", Props.empty());
      String self = org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address().toString();
      system.systemActorOf(
          org.apache.pekko.actor.typed.javadsl.Behaviors.supervise(JournalWarmup.create(self))
              .onFailure(Exception.class, org.apache.pekko.actor.typed.SupervisorStrategy.stop().withLoggingEnabled(false)),
          "tandem-hotwarm-journal-warmup",
          Props.empty());
      if (settings.crashProbe()) {
        system.systemActorOf(
            CrashProbe.create(clock, settings.crashProbeInterval(), settings.crashProbeConnectTimeout()),
            "tandem-hotwarm-crash-probe",
            Props.empty());
      }
    }
  }

  /** The value registered for {@code name} by the first init, or registers {@code created}. */
  @SuppressWarnings("unchecked")
  public <T> T singleton(String name, java.util.function.Supplier<T> created) {
    return (T) singletons.computeIfAbsent(name, n -> created.get());
  }

  void registerStandby(String persistenceId, ActorRef<WarmStandby.Command> standby, java.util.concurrent.atomic.AtomicLong progress) {
    standbys.put(persistenceId, standby);
    standbyProgress.put(persistenceId, progress);
  }

  void unregisterStandby(String persistenceId, ActorRef<WarmStandby.Command> standby, java.util.concurrent.atomic.AtomicLong progress) {
    standbys.remove(persistenceId, standby);
    standbyProgress.remove(persistenceId, progress);
  }

  /** The sequence number the local standby of {@code persistenceId} has applied, if one runs here. */
  public java.util.OptionalLong standbySequenceNr(String persistenceId) {
    java.util.concurrent.atomic.AtomicLong progress = standbyProgress.get(persistenceId);
    return progress == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(progress.get());
  }

  /** Takes the local standby of {@code persistenceId} away from the registry (it is being used). */
  Optional<ActorRef<WarmStandby.Command>> takeStandby(String persistenceId) {
    standbyProgress.remove(persistenceId);
    return Optional.ofNullable(standbys.remove(persistenceId));
  }

  boolean hasStandby(String persistenceId) {
    return standbys.containsKey(persistenceId);
  }

  void noteRecovery(String persistenceId, RecoveryNote note) {
    recoveries.put(persistenceId, note);
  }

  RecoveryNote takeRecoveryNote(String persistenceId) {
    RecoveryNote note = recoveries.remove(persistenceId);
    return note == null ? new RecoveryNote(false, 0) : note;
  }

  TakeoverClock clock() {
    return clock;
  }
}
