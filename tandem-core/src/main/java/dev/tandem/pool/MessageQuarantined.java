package dev.tandem.pool;

/**
 * The message made {@code attempts} workers fail in a row (the configured {@code
 * tandem.pool.max-attempts}), so the pool will not try it again: it is likely poison. The rest of
 * the pool's traffic is unaffected. Retrying the same message will most likely fail the same way.
 *
 * @param pool the pool's name
 * @param attempts how many workers failed on it
 * @param lastFailure class and message of the last failure
 */
public record MessageQuarantined(String pool, int attempts, String lastFailure) implements PoolFailure {
  @Override
  public String describe() {
    return "pool '" + pool + "' quarantined the message after " + attempts
        + " failed attempt(s); last failure: " + lastFailure;
  }
}
