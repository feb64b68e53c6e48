package dev.tandem.cluster.hotwarm.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far an active got, shared by the active and its guard (same actor subtree, same JVM): after a
 * refused write the guard must know where the active stood to tell fencing from a journal outage.
 */
final class ActiveProgress {
  /** Highest sequence number the active saw acknowledged (or recovered). */
  final AtomicLong sequenceNr = new AtomicLong();
  /** The epoch the active holds (written), 0 until its EpochStarted is acknowledged. */
  final AtomicLong heldEpoch = new AtomicLong();
  /** The epoch it is trying to start. */
  final AtomicLong attemptedEpoch = new AtomicLong();
}
