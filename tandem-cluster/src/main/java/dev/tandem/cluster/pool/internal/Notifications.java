package dev.tandem.cluster.pool.internal;

import dev.tandem.cluster.pool.ClusterFailureReply;
import dev.tandem.cluster.pool.ClusterPool;
import dev.tandem.cluster.pool.ClusterPoolEvent;
import dev.tandem.cluster.pool.ClusterPoolFailure;
import dev.tandem.cluster.pool.ClusterPoolListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells callers and listeners what happened. User code runs here (failure replies, listeners) on
 * the pool's actor and on worker threads, so each call is fenced off: an exception it throws is
 * logged and never reaches the actor it runs on.
 */
final class Notifications<T> {

  private static final Logger log = LoggerFactory.getLogger(ClusterPool.class);

  private final String pool;
  private final ClusterFailureReply<T> failureReply;
  private final List<ClusterPoolListener<T>> listeners;

  Notifications(String pool, ClusterFailureReply<T> failureReply, List<ClusterPoolListener<T>> listeners) {
    this.pool = pool;
    this.failureReply = failureReply;
    this.listeners = List.copyOf(listeners);
  }

  void reply(T message, ClusterPoolFailure failure) {
    try {
      failureReply.reply(message, failure);
    } catch (RuntimeException e) {
      log.warn("cluster pool {}: the failure reply threw {}; the caller may not learn: {}",
          pool, describe(e), failure.describe());
    }
  }

  void emit(ClusterPoolEvent<T> event) {
    for (ClusterPoolListener<T> listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("cluster pool {}: a listener threw {} on {}", pool, describe(e), event.getClass().getSimpleName());
      }
    }
  }

  /** Class and message: what an operator needs for an expected failure, without a stack trace. */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
