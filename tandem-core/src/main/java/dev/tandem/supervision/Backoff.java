package dev.tandem.supervision;

import java.time.Duration;

/**
 * Exponential backoff between a failure and the restart that follows it.
 *
 * <p>The k-th restart inside the current intensity window waits {@code min * 2^(k-1)}, capped at
 * {@code max}, then stretched by a random factor in {@code [1, 1 + randomFactor]} so that many
 * supervisors failing together do not restart in lock step. Messages sent to a child while it waits
 * are kept for it (see {@link Supervisor}).
 *
 * @param min the first delay, positive
 * @param max the largest delay before the random stretch, at least {@code min}
 * @param randomFactor between 0 and 1 inclusive
 */
public record Backoff(Duration min, Duration max, double randomFactor) {

  /** @throws IllegalArgumentException naming the bad parameter */
  public Backoff {
    if (min == null || min.isZero() || min.isNegative()) {
      throw new IllegalArgumentException("backoff: min must be a positive duration, was " + min);
    }
    if (max == null || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "backoff: max must be a duration of at least min (" + min + "), was " + max);
    }
    if (!(randomFactor >= 0.0 && randomFactor <= 1.0)) {
      throw new IllegalArgumentException(
          "backoff: randomFactor must be between 0 and 1, was " + randomFactor);
    }
  }

  /**
   * The delay before the {@code restartInWindow}-th restart (1-based), with {@code random} drawn
   * uniformly from {@code [0, 1)}.
   */
  public Duration delay(int restartInWindow, double random) {
    int doublings = Math.min(Math.max(restartInWindow - 1, 0), 30);
    long base = min.toNanos() << doublings;
    long capped = (base <= 0 || base > max.toNanos()) ? max.toNanos() : base;
    return Duration.ofNanos((long) (capped * (1.0 + randomFactor * random)));
  }
}
