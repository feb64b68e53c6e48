package dev.tandem.supervision;

import dev.tandem.supervision.internal.Durations;
import java.time.Duration;

/**
 * At most {@code maxRestarts} restarts within {@code within}: one more failure inside that window
 * makes the supervisor stop all its children and fail itself, so that its own parent decides
 * (escalation).
 *
 * @param maxRestarts restarts allowed inside the window, at least 1
 * @param within the sliding window, positive
 */
public record RestartIntensity(int maxRestarts, Duration within) {

  /**
   * @throws IllegalArgumentException if {@code maxRestarts < 1} or {@code within} is not positive
   */
  public RestartIntensity {
    if (maxRestarts < 1) {
      throw new IllegalArgumentException(
          "restart intensity: maxRestarts must be at least 1, was " + maxRestarts);
    }
    if (within == null || within.isZero() || within.isNegative()) {
      throw new IllegalArgumentException(
          "restart intensity: within must be a positive duration, was " + within);
    }
  }

  /** A short human form, e.g. {@code "3 restarts within 5s"}. */
  @Override
  public String toString() {
    return maxRestarts + " restart" + (maxRestarts == 1 ? "" : "s") + " within " + Durations.human(within);
  }
}
