/**
 * Hot-hot worker pools: N live workers share the load, so losing one costs capacity, not messages.
 *
 * <p>The public face:
 *
 * <ul>
 *   <li>{@link dev.tandem.pool.Pool} — start one, {@code tell} it messages, {@code resize}, {@code
 *       stop} (graceful drain), read {@code counters}.
 *   <li>{@link dev.tandem.pool.PoolSpec} — name, worker behavior, settings, hash key, failure
 *       reply, listeners.
 *   <li>{@link dev.tandem.pool.PoolSettings} — read from {@code tandem.pool} in reference.conf.
 *   <li>{@link dev.tandem.pool.Routing} — round-robin, random, least-loaded, consistent-hash.
 *   <li>{@link dev.tandem.pool.PoolFailure} — what a caller is told when the pool gives up on a
 *       message: {@link dev.tandem.pool.PoolOverloaded}, {@link dev.tandem.pool.PoolStopped},
 *       {@link dev.tandem.pool.MessageQuarantined}; delivered by a {@link
 *       dev.tandem.pool.FailureReply}.
 *   <li>{@link dev.tandem.pool.PoolEvent} / {@link dev.tandem.pool.PoolListener}, {@link
 *       dev.tandem.pool.PoolCounters}, {@link dev.tandem.pool.DrainReport}.
 * </ul>
 *
 * <pre>{@code
 * Pool<Job> pool = Pool.start(system,
 *     PoolSpec.of("jobs", JobWorker.create(), PoolSettings.create(system))
 *         .withFailureReply((job, failure) -> job.replyTo().tell(new JobFailed(failure.describe()))));
 * pool.tell(new Job("42", replyTo));
 * }</pre>
 *
 * <p>Everything in {@code dev.tandem.pool.internal} is implementation and may change.
 */
package dev.tandem.pool;
