package dev.tandem.cluster.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The dispatcher's deadline book, without actors; times are relative to each job's own deadline. */
class DeadlinesTest {

  private final Deadlines deadlines = new Deadlines(Dispatcher.TICK.toNanos());
  private long ids;

  private Job job(long timeoutMs) {
    Job job = new Job(++ids, "m", false, null, null, Duration.ofMillis(timeoutMs));
    deadlines.add(job);
    return job;
  }

  @Test
  @DisplayName("a finished job leaves at once: only unfinished jobs are kept, however many went through")
  void finishedJobsAreNotKept() {
    List<Job> finished = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      finished.add(job(30_000));
    }
    Job open = job(30_000);
    finished.forEach(deadlines::remove);
    assertEquals(1, deadlines.size());
    assertEquals(List.of(open), deadlines.expired(open.deadlineNanos));
    assertEquals(0, deadlines.size());
  }

  @Test
  @DisplayName("a job expires at its deadline, never before, and only once")
  void expiresAtItsDeadline() {
    Job soon = job(100);
    Job later = job(250);
    Job much = job(1_000);
    assertEquals(List.of(), deadlines.expired(soon.deadlineNanos - 1));
    assertEquals(List.of(soon), deadlines.expired(soon.deadlineNanos));
    assertEquals(List.of(), deadlines.expired(soon.deadlineNanos));
    assertEquals(List.of(later), deadlines.expired(later.deadlineNanos + 1));
    deadlines.remove(later);
    assertEquals(List.of(), deadlines.expired(much.deadlineNanos - 1));
    assertEquals(List.of(much), deadlines.expired(much.deadlineNanos + Duration.ofSeconds(5).toNanos()));
    assertEquals(0, deadlines.size());
  }

  @Test
  @DisplayName("a check long after many deadlines returns every due job, earlier buckets first")
  void lateCheck() {
    Job a = job(100);
    Job b = job(400);
    Job c = job(700);
    Job notYet = job(60_000);
    List<Job> due = deadlines.expired(c.deadlineNanos + 1);
    assertEquals(List.of(a, b, c), due);
    assertEquals(1, deadlines.size());
    deadlines.remove(notYet);
    assertEquals(0, deadlines.size());
  }
}
