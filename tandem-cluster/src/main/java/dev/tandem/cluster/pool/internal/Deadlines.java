package dev.tandem.cluster.pool.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The unfinished jobs of a dispatcher by deadline, in buckets one check interval wide. A job leaves
 * its bucket as soon as it finishes, so the dispatcher keeps only unfinished jobs: a queue that
 * dropped finished jobs only when their deadline came would hold every job of the last
 * {@code job-timeout} (rate times timeout: at 5,000 jobs/s and 30 s, 150,000 jobs with their
 * messages), and make the garbage collector work for it. Touched by the dispatcher only.
 */
final class Deadlines {

  private final long bucketNanos;
  private final TreeMap<Long, Set<Job>> buckets = new TreeMap<>();
  private int size;

  Deadlines(long bucketNanos) {
    this.bucketNanos = bucketNanos;
  }

  private long bucketOf(long nanos) {
    return Math.floorDiv(nanos, bucketNanos);
  }

  void add(Job job) {
    if (buckets.computeIfAbsent(bucketOf(job.deadlineNanos), b -> new HashSet<>()).add(job)) {
      size++;
    }
  }

  void remove(Job job) {
    long bucket = bucketOf(job.deadlineNanos);
    Set<Job> jobs = buckets.get(bucket);
    if (jobs != null && jobs.remove(job)) {
      size--;
      if (jobs.isEmpty()) {
        buckets.remove(bucket);
      }
    }
  }

  /** Removes and returns the jobs whose deadline is {@code now} or earlier, earliest bucket first. */
  List<Job> expired(long now) {
    List<Job> due = new ArrayList<>();
    long current = bucketOf(now);
    while (!buckets.isEmpty() && buckets.firstKey() <= current) {
      Map.Entry<Long, Set<Job>> first = buckets.firstEntry();
      if (first.getKey() < current) {
        // Every deadline in an earlier bucket lies before the start of now's bucket.
        due.addAll(first.getValue());
        size -= first.getValue().size();
        buckets.pollFirstEntry();
      } else {
        for (var it = first.getValue().iterator(); it.hasNext(); ) {
          Job job = it.next();
          if (job.deadlineNanos - now <= 0) {
            due.add(job);
            it.remove();
            size--;
          }
        }
        if (first.getValue().isEmpty()) {
          buckets.pollFirstEntry();
        }
        break;
      }
    }
    return due;
  }

  /** Jobs kept: those added and neither removed nor expired. */
  int size() {
    return size;
  }
}
