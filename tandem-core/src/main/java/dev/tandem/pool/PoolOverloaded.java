package dev.tandem.pool;

/**
 * The pool already held {@code capacity} messages (queued plus in progress) when this one was
 * sent, so it was not accepted. Nothing was queued; the caller may retry later, shed the work, or
 * slow down.
 *
 * @param pool the pool's name
 * @param capacity the configured limit ({@code tandem.pool.capacity})
 */
public record PoolOverloaded(String pool, int capacity) implements PoolFailure {
  @Override
  public String describe() {
    return "pool '" + pool + "' is full (" + capacity + " messages queued or in progress);"
        + " the message was not accepted: retry later or shed load";
  }
}
