package dev.tandem.pool.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The capacity check, cheap enough for every send. In flight = admitted - finished, where
 * finished is a sum over every worker's counter. Summing on each send would pull every worker's
 * cache line to the sender, so the sender compares against a remembered, possibly stale sum
 * instead. Finished only grows, so a stale sum over-estimates what is in flight: the check can
 * only err towards refusing, and it re-reads the real sum before it actually refuses. The bound
 * is therefore exact (never exceeded, never refused while there is room at the moment of the
 * re-read), and the re-read happens about once per {@code capacity - inFlight} sends.
 */
final class Admission {

  private final long capacity;
  private final LongSupplier finished;
  private final AtomicLong admitted = new AtomicLong();
  private volatile long finishedSeen;

  Admission(long capacity, LongSupplier finished) {
    this.capacity = capacity;
    this.finished = finished;
  }

  /** Counts one more message as admitted, before any check, and returns the new count. */
  long admit() {
    return admitted.incrementAndGet();
  }

  /** Takes back an {@link #admit()} whose message was refused. */
  void undo() {
    admitted.decrementAndGet();
  }

  /**
   * True if the message counted by {@code admittedNow} fits. Concurrent senders each counted
   * themselves first, so together they can never pass more than capacity.
   */
  boolean withinCapacity(long admittedNow) {
    if (admittedNow - finishedSeen <= capacity) {
      return true;
    }
    long fresh = finished.getAsLong();
    finishedSeen = fresh;
    return admittedNow - fresh <= capacity;
  }

  long admitted() {
    return admitted.get();
  }
}
