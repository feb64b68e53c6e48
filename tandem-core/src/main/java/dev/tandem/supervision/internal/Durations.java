package dev.tandem.supervision.internal;

import java.time.Duration;

/** Formats durations the way people read them in logs: {@code 5s}, {@code 250ms}, {@code 1m30s}. */
public final class Durations {
  private Durations() {}

  public static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 1000 != 0 || ms < 60_000) {
      return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format("%.3fs", ms / 1000.0);
    }
    long s = ms / 1000;
    return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
  }
}
