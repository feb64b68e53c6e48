package dev.tandem.pool;

import dev.tandem.pool.internal.LocalPool;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A hot-hot pool: N live workers sharing the load, so losing one costs capacity, not messages.
 *
 * <p>The pool is a plain object, not an actor: {@link #tell} picks a worker on the caller's thread
 * and sends to it directly, so there is no router mailbox in the path. It is safe to call from any
 * thread and any actor.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Re-dispatch.</b> If a worker throws while handling a message, that message goes to
 *       another live worker (to the same worker after its restart if none is live), with no
 *       acknowledgement traffic on the happy path. Each message is tried at most {@code
 *       max-attempts} times and completes (its handler returns normally) at most once. A handler
 *       that had side effects before it threw runs again elsewhere, so make handlers idempotent
 *       or fail before acting.
 *   <li><b>Quarantine.</b> A message that fails {@code max-attempts} workers is not tried again: it
 *       is answered with {@link MessageQuarantined} through the {@link FailureReply} and reported
 *       to listeners, and the pool keeps serving everything else.
 *   <li><b>Supervised workers.</b> A failed worker restarts with exponential backoff and keeps its
 *       mailbox; it is never dropped. While it waits, it gets no new work and messages already
 *       queued at it move to live workers. A worker whose behavior returns {@code
 *       Behaviors.stopped()} is restarted too: pool workers are permanent.
 *   <li><b>Bounded capacity.</b> At most {@code capacity} messages are queued or in progress; a
 *       send beyond that is refused at once with {@link PoolOverloaded}, never queued.
 *   <li><b>Graceful drain.</b> {@link #stop} refuses new work, lets accepted work finish within a
 *       timeout and reports what did not.
 * </ul>
 *
 * <p>Limits: a message is "complete" when the worker's handler returns; work the handler started
 * asynchronously (pipeToSelf, ask) is not tracked. Messages queued at a failing worker move only
 * when they reach the front of its mailbox. Order is not preserved across workers, and a re-dispatched
 * message may overtake others. If the JVM dies, its in-flight messages are lost (this is a local
 * pool; cluster pools re-dispatch across nodes).
 */
public interface Pool<T> {

  /**
   * Starts the workers under the system's {@code /system} guardian and returns at once; messages
   * sent before a worker has started wait in its mailbox.
   *
   * @throws IllegalArgumentException if the spec is inconsistent (consistent-hash routing without
   *     a hash key names {@code tandem.pool.routing}) or a pool of that name is already running
   */
  static <T> Pool<T> start(ActorSystem<?> system, PoolSpec<T> spec) {
    return LocalPool.start(system, spec);
  }

  /** The name given in the spec. */
  String name();

  /**
   * Routes the message to a worker, or refuses it at once.
   *
   * @return true if accepted. False if refused: the pool was full ({@link PoolOverloaded}) or
   *     stopping ({@link PoolStopped}); the refusal has then already been given to the message's
   *     {@link FailureReply} and to listeners, and nothing was queued.
   */
  boolean tell(T message);

  /** The current number of workers (live or restarting). */
  int size();

  /**
   * Grows or shrinks the pool to {@code size} workers. Added workers take traffic at once; removed
   * workers stop taking traffic at once and stop after finishing what they hold (queued messages
   * move to the remaining workers).
   *
   * @throws IllegalArgumentException naming {@code tandem.pool.min-size} or {@code
   *     tandem.pool.max-size} if {@code size} lies outside them
   * @throws IllegalStateException if the pool is stopping or stopped
   */
  void resize(int size);

  /** The counters since start. */
  PoolCounters counters();

  /** {@link #stop(Duration)} with {@code tandem.pool.drain-timeout}. */
  CompletionStage<DrainReport<T>> stop();

  /**
   * Stops taking new messages, waits up to {@code timeout} for accepted ones to finish, then stops
   * the workers. The stage completes with the report (also sent to listeners as {@link
   * PoolEvent.Drained}); calling it again returns the same stage.
   */
  CompletionStage<DrainReport<T>> stop(Duration timeout);
}
