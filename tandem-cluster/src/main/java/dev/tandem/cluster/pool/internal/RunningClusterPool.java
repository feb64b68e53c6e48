package dev.tandem.cluster.pool.internal;

import dev.tandem.cluster.pool.ClusterPool;
import dev.tandem.cluster.pool.ClusterPoolCounters;
import dev.tandem.cluster.pool.ClusterPoolEvent;
import dev.tandem.cluster.pool.ClusterPoolException;
import dev.tandem.cluster.pool.ClusterPoolFailure;
import dev.tandem.cluster.pool.ClusterPoolOverloaded;
import dev.tandem.cluster.pool.ClusterPoolSettings;
import dev.tandem.cluster.pool.ClusterPoolSpec;
import dev.tandem.cluster.pool.ClusterPoolStopped;
import dev.tandem.pool.Pool;
import dev.tandem.pool.PoolCounters;
import dev.tandem.pool.PoolEvent;
import dev.tandem.pool.PoolSettings;
import dev.tandem.pool.PoolSpec;
import dev.tandem.pool.Routing;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.InvalidActorNameException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object behind {@link ClusterPool} on one node: admission and job building on the caller's
 * thread, then the {@link Dispatcher} actor routes and tracks; this node's workers are a local
 * {@link Pool} behind a {@link NodeHost}.
 */
public final class RunningClusterPool<T> implements ClusterPool<T> {

  private static final Logger log = LoggerFactory.getLogger(ClusterPool.class);
  /** Pekko's own ask timeout stays behind the dispatcher's deadline, which decides. */
  private static final Duration ASK_MARGIN = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final String name;
  private final ClusterPoolSpec<T> spec;
  private final ClusterPoolSettings settings;
  private final Stats stats = new Stats();
  private final Notifications<T> notifications;
  private final ServiceKey<NodeHost.Command> serviceKey;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean stopBegun = new AtomicBoolean();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean stopping;
  private ActorRef<Dispatcher.Command> dispatcher;
  private Optional<Pool<NodeJob>> workers = Optional.empty();
  private ActorRef<NodeHost.Command> host;

  private RunningClusterPool(ActorSystem<?> system, ClusterPoolSpec<T> spec) {
    this.system = system;
    this.name = spec.name();
    this.spec = spec;
    this.settings = spec.settings();
    this.notifications = new Notifications<>(name, spec.failureReply(), spec.listeners());
    this.serviceKey = ServiceKey.create(NodeHost.Command.class, "tandem-cluster-pool-" + name);
  }

  /** See {@link ClusterPool#start}. */
  public static <T> ClusterPool<T> start(ActorSystem<?> system, ClusterPoolSpec<T> spec) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(spec, "spec");
    if (!(((ExtendedActorSystem) Adapter.toClassic(system)).provider() instanceof ClusterActorRefProvider)) {
      throw new IllegalStateException("a cluster pool needs a cluster member: set pekko.actor.provider = cluster");
    }
    if (spec.settings().routing() == Routing.CONSISTENT_HASH && spec.hashKey().isEmpty()) {
      throw new IllegalArgumentException("tandem.cluster-pool.routing = consistent-hash needs a key:"
          + " give the ClusterPoolSpec withHashKey(...)");
    }
    long began = System.nanoTime();
    RunningClusterPool<T> pool = new RunningClusterPool<>(system, spec);
    try {
      pool.dispatcher = system.systemActorOf(resilient(Dispatcher.create(pool)), "tandem-cluster-pool-" + pool.name,
          Props.empty());
    } catch (InvalidActorNameException e) {
      throw new IllegalArgumentException("a cluster pool named '" + pool.name + "' already runs in this system", e);
    }
    String node = Host.nodeName(Cluster.get(system).selfMember().address());
    ClusterPoolSettings s = pool.settings;
    boolean runsWorkers = s.workersPerNode() > 0
        && (s.workerRole().isEmpty() || Cluster.get(system).selfMember().getRoles().contains(s.workerRole()));
    if (runsWorkers) {
      Pool<NodeJob> local = Pool.start(system, pool.localPoolSpec(node));
      pool.workers = Optional.of(local);
      pool.host = system.systemActorOf(resilient(NodeHost.create(node, local, pool.serviceKey, s.unreachableTimeout())),
          "tandem-cluster-pool-" + pool.name + "-host", Props.empty());
      pool.dispatcher.tell(new Dispatcher.UseLocalHost(pool.host));
    }
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(Adapter.toClassic(system));
    String phase = CoordinatedShutdown.PhaseBeforeClusterShutdown();
    Duration phaseTimeout = Duration.ofMillis(shutdown.timeout(phase).toMillis());
    Duration drain = min(s.drainTimeout(), phaseTimeout.minusMillis(500).isNegative() ? phaseTimeout : phaseTimeout.minusMillis(500));
    shutdown.addTask(phase, "tandem-cluster-pool-" + pool.name,
        () -> pool.stop(drain).thenApply(v -> Done.getInstance()));
    log.info("cluster pool {} started on {} in {} ms: {} ({} routing{}, capacity {}, node-capacity {}, max-attempts {},"
            + " unreachable-timeout {} ms, job-timeout {} ms)",
        pool.name, node, (System.nanoTime() - began) / 1_000_000,
        runsWorkers ? s.workersPerNode() + " workers" : "client only, no workers here",
        s.routing().configName(), s.preferLocal() ? ", prefer-local" : "", s.capacity(), s.nodeCapacity(),
        s.maxAttempts(), s.unreachableTimeout().toMillis(), s.jobTimeout().toMillis());
    return pool;
  }

  @SuppressWarnings("unchecked")
  private PoolSpec<NodeJob> localPoolSpec(String node) {
    ClusterPoolSettings s = settings;
    PoolSettings local = new PoolSettings(s.workersPerNode(), s.workersPerNode(), s.workersPerNode(), s.routing(),
        s.virtualNodes(), s.nodeCapacity(), s.maxAttempts(), s.minBackoff(), s.maxBackoff(), s.randomFactor(),
        s.drainTimeout());
    Behavior<Object> user = (Behavior<Object>) (Behavior<?>) spec.worker();
    Behavior<NodeJob> worker = (Behavior<NodeJob>) (Behavior<?>) Behaviors.intercept(() -> new JobReporter(node), user);
    PoolSpec<NodeJob> local_ = PoolSpec.of(name + "-workers", worker, local)
        .withFailureReply((job, failure) -> NodeHost.answerFailure(node, job, failure))
        .withListener(event -> {
          if (event instanceof PoolEvent.WorkerFailed<NodeJob> f) {
            notifications.emit(new ClusterPoolEvent.WorkerFailed<>(name, node, f.worker(), f.cause()));
          } else if (event instanceof PoolEvent.WorkerRestarted<NodeJob> r) {
            notifications.emit(new ClusterPoolEvent.WorkerRestarted<>(name, node, r.worker(), r.restarts(), r.downtime()));
          }
        });
    if (spec.hashKey().isPresent()) {
      Function<? super T, String> key = spec.hashKey().get();
      local_ = local_.withHashKey(job -> key.apply((T) job.message()));
    }
    return local_;
  }

  // ------------------------------------------------------------------ submitting

  @Override
  public String name() {
    return name;
  }

  @Override
  public <R> CompletionStage<R> ask(Function<ActorRef<R>, ? extends T> job) {
    return ask(job, settings.jobTimeout());
  }

  @Override
  public <R> CompletionStage<R> ask(Function<ActorRef<R>, ? extends T> job, Duration timeout) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("an ask's timeout must be positive (was " + timeout + ")");
    }
    CompletableFuture<R> outcome = new CompletableFuture<>();
    ClusterPoolFailure refusal = admit();
    if (refusal != null) {
      refuse(job.apply(system.ignoreRef()), refusal, false);
      outcome.completeExceptionally(new ClusterPoolException(refusal));
      return outcome;
    }
    long id = ids.incrementAndGet();
    CompletionStage<R> reply;
    try {
      reply = AskPattern.<Dispatcher.Command, R>ask(dispatcher,
          replyTo -> new Dispatcher.Submit(job(id, job.apply(replyTo), new AskOutcome(outcome), timeout)),
          timeout.plus(ASK_MARGIN), system.scheduler());
    } catch (RuntimeException e) {
      // The job function threw on this thread: nothing was submitted.
      finished();
      throw e;
    }
    // Only a tell to the dispatcher, so it may run on the thread that completed the reply (a
    // worker's, or the remoting's): the stage Pekko returns would otherwise run a plain whenComplete
    // on the common pool, which with fewer than 3 cores starts a new thread per job.
    reply.whenCompleteAsync((value, error) ->
        dispatcher.tell(error == null ? new Dispatcher.Replied(id, value) : new Dispatcher.Abandoned(id)),
        Runnable::run);
    return outcome;
  }

  @Override
  public boolean tell(T message) {
    Objects.requireNonNull(message, "message");
    ClusterPoolFailure refusal = admit();
    if (refusal != null) {
      refuse(message, refusal, true);
      return false;
    }
    Job job;
    try {
      job = job(ids.incrementAndGet(), message, new TellOutcome(), settings.jobTimeout());
    } catch (RuntimeException e) {
      finished();
      throw e;
    }
    dispatcher.tell(new Dispatcher.Submit(job));
    return true;
  }

  private Job job(long id, T message, Job.Outcome outcome, Duration timeout) {
    boolean atMostOnce = spec.atMostOnce().test(message);
    String key = spec.hashKey().map(f -> Objects.requireNonNull(f.apply(message), "hash key")).orElse(null);
    stats.submitted.increment();
    return new Job(id, message, atMostOnce, key, outcome, timeout);
  }

  /** @return null if admitted, else why not */
  private ClusterPoolFailure admit() {
    if (stopping) {
      return new ClusterPoolStopped(name, false);
    }
    if (stats.inFlight.incrementAndGet() > settings.capacity()) {
      stats.inFlight.decrementAndGet();
      return new ClusterPoolOverloaded(name,
          "this node already has " + settings.capacity() + " unfinished jobs: tandem.cluster-pool.capacity");
    }
    return null;
  }

  private void refuse(T message, ClusterPoolFailure reason, boolean reply) {
    stats.rejected.increment();
    log.debug("cluster pool {} refused a job: {}", name, reason.describe());
    if (reply) {
      notifications.reply(message, reason);
    }
    notifications.emit(new ClusterPoolEvent.Rejected<>(name, message, reason));
  }

  /** A job left the dispatcher's books (result or failure). */
  void finished() {
    stats.inFlight.decrementAndGet();
  }

  private final class AskOutcome implements Job.Outcome {
    private final CompletableFuture<?> outcome;

    AskOutcome(CompletableFuture<?> outcome) {
      this.outcome = outcome;
    }

    @Override
    public boolean awaitsReply() {
      return true;
    }

    // Both are called on the dispatcher actor: the caller's callbacks must not run inside it.

    @Override
    public void fail(Object message, ClusterPoolFailure failure) {
      system.executionContext().execute(() -> outcome.completeExceptionally(new ClusterPoolException(failure)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void succeed(Object reply) {
      system.executionContext().execute(() -> ((CompletableFuture<Object>) outcome).complete(reply));
    }
  }

  private final class TellOutcome implements Job.Outcome {
    @Override
    public boolean awaitsReply() {
      return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void fail(Object message, ClusterPoolFailure failure) {
      notifications.reply((T) message, failure);
    }

    @Override
    public void succeed(Object reply) {
      // A tell's replies go where its message says; the pool never sees them.
    }
  }

  // ------------------------------------------------------------------ reading and stopping

  @Override
  public ClusterPoolCounters counters() {
    return stats.snapshot();
  }

  @Override
  public Optional<PoolCounters> workerCounters() {
    return workers.map(Pool::counters);
  }

  @Override
  public Set<String> liveNodes() {
    return stats.liveNodes;
  }

  @Override
  public CompletionStage<Void> stop() {
    return stop(settings.drainTimeout());
  }

  @Override
  public CompletionStage<Void> stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (!stopBegun.compareAndSet(false, true)) {
      return stopped;
    }
    stopping = true;
    long began = System.nanoTime();
    log.info("cluster pool {} stopping: {} unfinished jobs of this node (timeout {} ms)",
        name, stats.inFlight.get(), timeout.toMillis());
    CompletableFuture<Long> unfinished = new CompletableFuture<>();
    CompletableFuture<Void> hostDone = new CompletableFuture<>();
    if (host != null) {
      dispatcher.tell(new Dispatcher.WithdrawLocal());
      host.tell(new NodeHost.Stop(timeout, hostDone));
    } else {
      hostDone.complete(null);
    }
    dispatcher.tell(new Dispatcher.Drain(timeout, unfinished));
    unfinished.thenCombine(hostDone, (n, v) -> n).whenComplete((n, error) -> {
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      long left = n == null ? -1 : n;
      if (left == 0) {
        log.info("cluster pool {} stopped in {} ms: every job of this node finished", name, took.toMillis());
      } else {
        log.warn("cluster pool {} stopped after {} ms with {} unfinished jobs (failed with ClusterPoolStopped)",
            name, took.toMillis(), left);
      }
      notifications.emit(new ClusterPoolEvent.Stopped<>(name, took, Math.max(0, left)));
      stopped.complete(null);
    });
    return stopped;
  }

  // ------------------------------------------------------------------ for the actors

  ClusterPoolSettings settings() {
    return settings;
  }

  Stats stats() {
    return stats;
  }

  Notifications<T> notifications() {
    return notifications;
  }

  ServiceKey<NodeHost.Command> serviceKey() {
    return serviceKey;
  }

  /**
   * The pool's actors keep their state through an unexpected exception (a bug, or user code such as
   * a listener that escaped its fence): losing the dispatcher would lose every job it tracks.
   */
  private static <C> Behavior<C> resilient(Behavior<C> behavior) {
    return Behaviors.supervise(behavior).onFailure(Exception.class, SupervisorStrategy.resume());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
