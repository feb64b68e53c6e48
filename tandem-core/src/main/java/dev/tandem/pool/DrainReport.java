package dev.tandem.pool;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Pool#stop} achieved. When {@link #complete()} is false the timeout ran out: the
 * messages in {@link #inProgress()} were still being handled (they may yet finish, their workers
 * cannot be interrupted), and {@link #notStarted()} messages were never started; each of those is
 * answered with {@link PoolStopped} through the pool's {@link FailureReply}.
 *
 * @param pool the pool's name
 * @param took from the start of the drain to this report
 * @param completedDuringDrain messages that completed while draining
 * @param inProgress messages a worker was handling when the timeout ran out
 * @param notStarted accepted messages that had not started when the timeout ran out
 */
public record DrainReport<T>(
    String pool, Duration took, long completedDuringDrain, List<T> inProgress, long notStarted) {

  public DrainReport {
    inProgress = List.copyOf(inProgress);
  }

  /** True if every accepted message finished (completed or quarantined) before the timeout. */
  public boolean complete() {
    return inProgress.isEmpty() && notStarted == 0;
  }

  /** Messages that did not finish: in progress plus not started. */
  public long unfinished() {
    return inProgress.size() + notStarted;
  }
}
