package dev.tandem.cluster.pool;

import dev.tandem.cluster.pool.internal.RunningClusterPool;
import dev.tandem.pool.PoolCounters;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A hot-hot pool across a Pekko cluster: every node that starts it runs workers (found by the
 * others through the Receptionist), and jobs submitted on any node go to the live workers of all
 * nodes. Losing a node costs capacity, not jobs.
 *
 * <p>Start it on every node with the same spec; each node's {@code ClusterPool} is that node's way
 * to submit jobs, and it tracks each job it submitted until the job's result arrives.
 *
 * <p>Guarantees, for the jobs submitted through this object:
 *
 * <ul>
 *   <li><b>One outcome, never silence.</b> An {@link #ask} completes exactly once, by its deadline
 *       ({@code job-timeout} or the given timeout): with the worker's reply, or with a {@link
 *       ClusterPoolException} whose {@link ClusterPoolFailure} says whether the job may have run.
 *       Replies from a job that ran twice are suppressed: the first one wins.
 *   <li><b>Re-dispatch after node loss.</b> A job held by a node that is removed from the cluster,
 *       or that stays unreachable for {@code unreachable-timeout}, is sent to a live node, at most
 *       {@code max-redispatches} times. A job is held until its result (ask) or the return of its
 *       handler (tell) reaches this node, so nothing is acknowledged early.
 *   <li><b>Delivery.</b> Ordinary jobs run <em>at least once</em>: a node that was only cut off
 *       may still run a job that was re-dispatched elsewhere, so handlers must be idempotent (their
 *       duplicate replies are dropped). Jobs marked with {@link ClusterPoolSpec#withAtMostOnce} run
 *       <em>at most once</em>, through partitions and heals: a worker starts one only after this
 *       node granted it, a job is granted once, and a granted job is never re-dispatched: if its
 *       node is lost the caller gets {@link JobOutcomeUnknown}.
 *   <li><b>Quarantine.</b> A job whose handler throws is retried on another worker of the same
 *       node, up to {@code max-attempts} tries (at-most-once jobs: none); then the caller gets
 *       {@link JobQuarantined} and the pool serves everything else. Failed workers restart with
 *       backoff.
 *   <li><b>Bounded.</b> At most {@code capacity} unfinished jobs per submitting node (more are
 *       refused at once) and {@code node-capacity} jobs held by each node's workers (more are sent
 *       to another node, or refused with {@link ClusterPoolOverloaded} when all are full).
 *   <li><b>Elastic.</b> A node that starts the pool adds its workers to every node's routing
 *       without a restart; a node that stops, leaves or dies removes them.
 * </ul>
 *
 * <p>Limits: "ran" means the worker's handler returned (tell) or replied (ask); work a handler
 * starts asynchronously must reply itself. There is no ordering between jobs. A job's deadline is
 * checked every 100 ms. The submitting node is the only one that knows a job: if it dies, its
 * callers are gone too, and jobs it had sent may still run.
 */
public interface ClusterPool<T> {

  /**
   * Starts this node's part of the pool: its workers (unless {@code workers-per-node} is 0 or the
   * node lacks {@code worker-role}), registered with the Receptionist, and the actor that routes
   * and tracks this node's jobs. Returns at once; jobs submitted before any worker is known wait
   * for one until their deadline.
   *
   * @throws IllegalArgumentException if the spec is inconsistent (consistent-hash routing without
   *     a hash key names {@code tandem.cluster-pool.routing}) or a cluster pool of that name already
   *     runs in this system
   * @throws IllegalStateException if the system is not a cluster member (the actor provider is not
   *     {@code cluster})
   */
  static <T> ClusterPool<T> start(ActorSystem<?> system, ClusterPoolSpec<T> spec) {
    return RunningClusterPool.start(system, spec);
  }

  /** The name given in the spec. */
  String name();

  /**
   * Submits a job built around a reply-to and returns its outcome, within {@code job-timeout}.
   *
   * <pre>{@code
   * CompletionStage<Scored> scored = pool.ask(replyTo -> new Score("t-1", 1200, replyTo));
   * }</pre>
   *
   * <p>The stage completes on the actor system's default dispatcher, never inside the pool's own
   * actors, so callbacks attached to it run there: keep them non-blocking or give them an executor
   * of their own. A job refused at once returns a stage already failed.
   *
   * @param job builds the message from the reply-to the pool provides; the worker replies to it
   * @return completes with the first reply, or exceptionally with a {@link ClusterPoolException}
   */
  <R> CompletionStage<R> ask(Function<ActorRef<R>, ? extends T> job);

  /** {@link #ask(Function)} with its own deadline instead of {@code job-timeout}. */
  <R> CompletionStage<R> ask(Function<ActorRef<R>, ? extends T> job, Duration timeout);

  /**
   * Submits a job whose replies (if any) go where the message says. The job is tracked until its
   * handler returns on some node, re-dispatched like any other, and a failure goes to the spec's
   * {@link ClusterFailureReply}. Replies are not deduplicated: after a partition an idempotent
   * job's worker may reply twice.
   *
   * @return true if accepted; false if refused at once (the failure reply has been called)
   */
  boolean tell(T message);

  /** The jobs submitted through this node, with their distribution over nodes. */
  ClusterPoolCounters counters();

  /** What this node's workers did for every node's jobs; empty on a client-only node. */
  Optional<PoolCounters> workerCounters();

  /** The nodes ({@code host:port}) whose workers this node currently routes to. */
  java.util.Set<String> liveNodes();

  /** {@link #stop(Duration)} with {@code drain-timeout}. */
  CompletionStage<Void> stop();

  /**
   * Stops this node's part of the pool: refuses new jobs, withdraws this node's workers from the
   * other nodes' routing (jobs still arriving are sent back to be re-routed), lets unfinished jobs
   * finish for up to {@code timeout} (then fails them with {@link ClusterPoolStopped}), and stops
   * the workers. Other nodes' pools keep running. Calling it again returns the same stage. Also
   * run by Pekko's coordinated shutdown when the node leaves.
   */
  CompletionStage<Void> stop(Duration timeout);
}
