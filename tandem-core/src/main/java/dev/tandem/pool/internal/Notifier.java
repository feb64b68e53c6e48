package dev.tandem.pool.internal;

import dev.tandem.pool.FailureReply;
import dev.tandem.pool.Pool;
import dev.tandem.pool.PoolEvent;
import dev.tandem.pool.PoolFailure;
import dev.tandem.pool.PoolListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells callers and listeners what happened. User code runs here (failure replies, listeners), on
 * pool and worker threads, so each call is fenced off: an exception it throws is logged and must
 * never reach the worker it runs on, which would otherwise count as a worker failure.
 */
final class Notifier<T> {

  private static final Logger log = LoggerFactory.getLogger(Pool.class);

  private final String pool;
  private final FailureReply<T> failureReply;
  private final List<PoolListener<T>> listeners;

  Notifier(String pool, FailureReply<T> failureReply, List<PoolListener<T>> listeners) {
    this.pool = pool;
    this.failureReply = failureReply;
    this.listeners = List.copyOf(listeners);
  }

  void reply(T message, PoolFailure failure) {
    try {
      failureReply.reply(message, failure);
    } catch (RuntimeException e) {
      log.warn("pool {}: the failure reply threw {}; the caller may not learn: {}",
          pool, describe(e), failure.describe());
    }
  }

  void emit(PoolEvent<T> event) {
    for (PoolListener<T> listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("pool {}: a listener threw {} on {}", pool, describe(e), event.getClass().getSimpleName());
      }
    }
  }

  /** Class and message: what an operator needs for an expected failure, without a stack trace. */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
