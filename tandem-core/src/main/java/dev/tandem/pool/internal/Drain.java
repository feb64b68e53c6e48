package dev.tandem.pool.internal;

import dev.tandem.pool.DrainReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Cancellable;

/**
 * The bookkeeping of one {@code stop()}: when it began, what had completed by then, its timeout,
 * and the report's future. The last completion and the timeout race to finish it; {@link
 * #claim()} lets exactly one of them build the report.
 */
final class Drain<T> {

  private final CompletableFuture<DrainReport<T>> report = new CompletableFuture<>();
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile long startNanos;
  private volatile long completedAtStart;
  private volatile Cancellable timeout;

  CompletableFuture<DrainReport<T>> stage() {
    return report;
  }

  void begin(long completedSoFar) {
    startNanos = System.nanoTime();
    completedAtStart = completedSoFar;
  }

  void timeout(Cancellable timer) {
    timeout = timer;
    if (claimed.get()) {
      timer.cancel();
    }
  }

  /** True for the one caller that may finish the drain; cancels the timeout if it is not the caller. */
  boolean claim() {
    if (!claimed.compareAndSet(false, true)) {
      return false;
    }
    Cancellable timer = timeout;
    if (timer != null) {
      timer.cancel();
    }
    return true;
  }

  DrainReport<T> report(String pool, long completedNow, List<T> inProgress, long notStarted) {
    return new DrainReport<>(pool, Duration.ofNanos(System.nanoTime() - startNanos),
        completedNow - completedAtStart, inProgress, notStarted);
  }

  /** Completes the stage returned by stop(); after the listeners heard of it. */
  void complete(DrainReport<T> done) {
    report.complete(done);
  }
}
