package dev.tandem.pool;

import java.time.Duration;

/** Something off a pool's happy path, as told to {@link PoolListener}s. */
public sealed interface PoolEvent<T> {

  /** The pool's name. */
  String pool();

  /** A send was refused, or an accepted message was abandoned at the drain timeout. */
  record Rejected<T>(String pool, T message, PoolFailure reason) implements PoolEvent<T> {}

  /**
   * A worker threw while handling a message (or while starting) and will restart after its
   * backoff; {@code cause} is the exception's class and message.
   */
  record WorkerFailed<T>(String pool, String worker, String cause) implements PoolEvent<T> {}

  /** The message a worker failed on went to another worker; {@code attempt} is its next try. */
  record Redispatched<T>(String pool, T message, String failedWorker, String nextWorker, int attempt)
      implements PoolEvent<T> {}

  /** A message failed {@code max-attempts} workers and will not be tried again. */
  record Quarantined<T>(String pool, T message, MessageQuarantined failure) implements PoolEvent<T> {}

  /** A failed worker is back with a fresh behavior after {@code downtime}. */
  record WorkerRestarted<T>(String pool, String worker, long restarts, Duration downtime)
      implements PoolEvent<T> {}

  /** {@link Pool#resize} changed the number of workers. */
  record Resized<T>(String pool, int from, int to) implements PoolEvent<T> {}

  /** {@link Pool#stop} finished. */
  record Drained<T>(String pool, DrainReport<T> report) implements PoolEvent<T> {}
}
