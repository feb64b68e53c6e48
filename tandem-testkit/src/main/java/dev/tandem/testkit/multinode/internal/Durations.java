package dev.tandem.testkit.multinode.internal;

import java.time.Duration;

/** Durations as people read them in failure messages: {@code 850 ms}, {@code 12.3 s}. */
final class Durations {

  private Durations() {}

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String sinceNanos(long startNanos) {
    return format(Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
