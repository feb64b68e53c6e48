package dev.tandem.pool;

/**
 * The pool is stopping or stopped: either the message was sent after {@link Pool#stop} began, or
 * it was accepted but had not started when the drain timeout ran out. It was not processed.
 *
 * @param pool the pool's name
 */
public record PoolStopped(String pool) implements PoolFailure {
  @Override
  public String describe() {
    return "pool '" + pool + "' is stopped; the message was not processed";
  }
}
