package dev.tandem.cluster.pool.internal;

import dev.tandem.cluster.pool.ClusterPool;
import dev.tandem.pool.MessageQuarantined;
import dev.tandem.pool.Pool;
import dev.tandem.pool.PoolFailure;
import dev.tandem.pool.PoolOverloaded;
import dev.tandem.pool.PoolStopped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's workers as the cluster sees them: the actor registered with the Receptionist under
 * the pool's name. It reads jobs off the wire, holds at-most-once jobs until their origin grants
 * them, and hands jobs to this node's local pool (tandem-core's {@link Pool}), which brings worker
 * restarts, retries on this node, quarantine and the node's capacity bound (decision record 061).
 */
final class NodeHost extends AbstractBehavior<NodeHost.Command> {

  private static final Logger log = LoggerFactory.getLogger(ClusterPool.class);

  /** The host's protocol: jobs and grants from dispatchers (on the wire) and local commands. */
  sealed interface Command {}

  /** A job sent from another node; {@code reportDone}: tell the origin when its handler returned. */
  public record Work(long jobId, int dispatch, boolean atMostOnce, boolean reportDone,
      ActorRef<Dispatcher.Command> origin, Payload payload) implements Command, WireMessage {}

  /** The origin clears an at-most-once job to start here. */
  public record Grant(long jobId, int dispatch, ActorRef<Dispatcher.Command> origin) implements Command, WireMessage {}

  /** The origin does not clear it: it moved on, or this node looked unreachable. Drop it. */
  public record Refuse(long jobId, int dispatch, ActorRef<Dispatcher.Command> origin) implements Command, WireMessage {}

  /** A job from this node's own dispatcher: no serialization. */
  record LocalWork(NodeJob job) implements Command {}

  /** Leave the Receptionist: other nodes stop sending new jobs here. */
  record Withdraw() implements Command {}

  /** Refuse new jobs, drain the local pool, then keep refusing. */
  record Stop(Duration timeout, CompletableFuture<Void> done) implements Command {}

  private record LocalPoolStopped(CompletableFuture<Void> done) implements Command {}

  private enum ExpireGrants implements Command { INSTANCE }

  private record PendingKey(ActorRef<Dispatcher.Command> origin, long jobId) {}

  private record Pending(NodeJob job, long sinceNanos) {}

  private final String node;
  private final Pool<NodeJob> workers;
  private final ServiceKey<Command> key;
  private final Duration grantTimeout;
  private final TimerScheduler<Command> timers;
  private final Map<PendingKey, Pending> pending = new HashMap<>();
  private boolean registered = true;
  private boolean stopped;

  static Behavior<Command> create(String node, Pool<NodeJob> workers, ServiceKey<Command> key, Duration grantTimeout) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf()));
      return new NodeHost(ctx, timers, node, workers, key, grantTimeout);
    }));
  }

  private NodeHost(ActorContext<Command> ctx, TimerScheduler<Command> timers, String node, Pool<NodeJob> workers,
      ServiceKey<Command> key, Duration grantTimeout) {
    super(ctx);
    this.timers = timers;
    this.node = node;
    this.workers = workers;
    this.key = key;
    this.grantTimeout = grantTimeout;
  }

  /**
   * What the local pool's refusals and quarantines mean to the job's origin. Runs on the local
   * pool's threads.
   */
  static void answerFailure(String node, NodeJob job, PoolFailure failure) {
    if (failure instanceof PoolOverloaded) {
      job.origin().tell(new Dispatcher.Refused(job.jobId(), job.dispatch(), node, Dispatcher.Refusal.FULL));
    } else if (failure instanceof PoolStopped) {
      String failed = job.atMostOnce() ? job.failedWith().get() : null;
      if (failed != null) {
        // The local pool abandons the retry of a failed job once its drain has timed out, and calls
        // it not processed; but this at-most-once job's one try did run (and threw). A refusal
        // would let the origin move it, and another node run it a second time.
        job.origin().tell(new Dispatcher.Failed(job.jobId(), job.dispatch(), node, 1,
            failed + " (at-most-once job: not retried)"));
      } else {
        job.origin().tell(new Dispatcher.Refused(job.jobId(), job.dispatch(), node, Dispatcher.Refusal.STOPPING));
      }
    } else if (failure instanceof MessageQuarantined q) {
      job.origin().tell(new Dispatcher.Failed(job.jobId(), job.dispatch(), node, q.attempts(), q.lastFailure()));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Work.class, this::onWork)
        .onMessage(LocalWork.class, w -> admit(w.job()))
        .onMessage(Grant.class, this::onGrant)
        .onMessage(Refuse.class, r -> {
          forget(new PendingKey(r.origin(), r.jobId()), r.dispatch());
          return this;
        })
        .onMessageEquals(ExpireGrants.INSTANCE, this::onExpireGrants)
        .onMessage(Withdraw.class, w -> withdraw())
        .onMessage(Stop.class, this::onStop)
        .onMessage(LocalPoolStopped.class, s -> {
          s.done().complete(null);
          return this;
        })
        .build();
  }

  private Behavior<Command> onWork(Work work) {
    Object message;
    try {
      message = work.payload().read(getContext().getSystem());
    } catch (IllegalArgumentException e) {
      log.warn("cluster pool {}: dropped a job from {}: {}", key.id(), work.origin().path().address(), e.getMessage());
      work.origin().tell(new Dispatcher.Refused(work.jobId(), work.dispatch(), node, Dispatcher.Refusal.UNREADABLE));
      return this;
    }
    return admit(NodeJob.of(work.jobId(), work.dispatch(), work.atMostOnce(), work.reportDone(), work.origin(),
        message));
  }

  private Behavior<Command> admit(NodeJob job) {
    if (stopped) {
      job.origin().tell(new Dispatcher.Refused(job.jobId(), job.dispatch(), node, Dispatcher.Refusal.STOPPING));
    } else if (job.atMostOnce()) {
      // Held until the origin grants it: the origin grants a job once and never moves it after.
      pending.put(new PendingKey(job.origin(), job.jobId()), new Pending(job, System.nanoTime()));
      job.origin().tell(new Dispatcher.MayStart(job.jobId(), job.dispatch(), getContext().getSelf()));
      if (!timers.isTimerActive(ExpireGrants.INSTANCE)) {
        timers.startTimerWithFixedDelay(ExpireGrants.INSTANCE, grantTimeout.dividedBy(2));
      }
    } else {
      // A refusal (full, stopping) or a quarantine reaches the origin through answerFailure.
      workers.tell(job);
    }
    return this;
  }

  /**
   * Drops a held job if it is held for {@code dispatch}: an answer about an older dispatch of the
   * same job must not drop the newer one the origin may since have sent here.
   */
  private Pending forget(PendingKey key, int dispatch) {
    Pending p = pending.get(key);
    if (p == null || p.job().dispatch() != dispatch) {
      return null;
    }
    pending.remove(key);
    return p;
  }

  private Behavior<Command> onGrant(Grant grant) {
    Pending p = forget(new PendingKey(grant.origin(), grant.jobId()), grant.dispatch());
    if (p == null || stopped) {
      // Not held (expired) or stopping: tell the origin it will not run here, so it may move it.
      Dispatcher.Refusal why = stopped ? Dispatcher.Refusal.STOPPING : Dispatcher.Refusal.NOT_GRANTED;
      grant.origin().tell(new Dispatcher.Refused(grant.jobId(), grant.dispatch(), node, why));
      return this;
    }
    workers.tell(p.job());
    return this;
  }

  private Behavior<Command> onExpireGrants() {
    long now = System.nanoTime();
    for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
      Pending p = it.next().getValue();
      if (now - p.sinceNanos() >= grantTimeout.toNanos()) {
        it.remove();
        NodeJob job = p.job();
        log.debug("cluster pool {}: no grant for job {} of {} within {} ms; dropped", key.id(), job.jobId(),
            job.origin().path().address(), grantTimeout.toMillis());
        job.origin().tell(new Dispatcher.Refused(job.jobId(), job.dispatch(), node, Dispatcher.Refusal.NOT_GRANTED));
      }
    }
    if (pending.isEmpty()) {
      timers.cancel(ExpireGrants.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> withdraw() {
    if (registered) {
      registered = false;
      getContext().getSystem().receptionist().tell(Receptionist.deregister(key, getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onStop(Stop stop) {
    withdraw();
    if (stopped) {
      stop.done().complete(null);
      return this;
    }
    stopped = true;
    for (Pending p : pending.values()) {
      NodeJob job = p.job();
      job.origin().tell(new Dispatcher.Refused(job.jobId(), job.dispatch(), node, Dispatcher.Refusal.STOPPING));
    }
    pending.clear();
    getContext().pipeToSelf(workers.stop(stop.timeout()), (report, error) -> new LocalPoolStopped(stop.done()));
    return this;
  }
}
