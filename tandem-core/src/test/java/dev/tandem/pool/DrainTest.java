package dev.tandem.pool;

import static dev.tandem.pool.TestJobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.pool.TestJobs.Done;
import dev.tandem.pool.TestJobs.Job;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Graceful drain")
class DrainTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  private static <R> R join(CompletionStage<R> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("stop lets accepted work finish, refuses new work with PoolStopped, and reports complete")
  void drainsEverything() throws Exception {
    List<PoolEvent<Job>> events = new CopyOnWriteArrayList<>();
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("drain"), TestJobs.worker(), TestJobs.fast().withSize(3))
            .withFailureReply(TestJobs.replyToSender())
            .withListener(events::add));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    for (int i = 0; i < 300; i++) {
      pool.tell(Job.ok("job-" + i, probe.getRef()));
    }
    CompletionStage<DrainReport<Job>> stopping = pool.stop(Duration.ofSeconds(10));
    assertSame(stopping, pool.stop(), "stopping twice gives the same report");

    TestProbe<Object> late = kit.testKit().createTestProbe();
    assertFalse(pool.tell(Job.ok("late", late.getRef())));
    late.expectMessageClass(PoolStopped.class);

    DrainReport<Job> report = join(stopping);
    assertTrue(report.complete(), () -> "complete: " + report);
    assertEquals(0, report.unfinished());
    Set<String> done = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      done.add(probe.expectMessageClass(Done.class).id());
    }
    assertEquals(300, done.size());
    assertEquals(300, pool.counters().completed());
    assertEquals(1, events.stream().filter(e -> e instanceof PoolEvent.Drained).count());
  }

  @Test
  @DisplayName("at the timeout the report names the message still in progress and counts those never started, which are answered PoolStopped")
  void reportsWhatDidNotFinish() throws Exception {
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("stuck"), TestJobs.worker(), TestJobs.fast().withSize(1))
            .withFailureReply(TestJobs.replyToSender()));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Job stuck = new Job("stuck", "stuck", TestJobs.block(started, release), probe.getRef());
    pool.tell(stuck);
    await(started);
    for (int i = 0; i < 5; i++) {
      pool.tell(Job.ok("waiting-" + i, probe.getRef()));
    }

    DrainReport<Job> report = join(pool.stop(Duration.ofMillis(200)));
    assertFalse(report.complete());
    assertEquals(List.of(stuck), report.inProgress());
    assertEquals(5, report.notStarted());
    assertEquals(6, report.unfinished());

    release.countDown();
    assertEquals("stuck", probe.expectMessageClass(Done.class).id(), "the stuck one still finishes");
    for (int i = 0; i < 5; i++) {
      probe.expectMessageClass(PoolStopped.class);
    }
    probe.expectNoMessage(Duration.ofMillis(200));
    TestJobs.eventually(probe, () -> assertEquals(0, pool.counters().inFlight()));
  }

  @Test
  @DisplayName("resize after stop is refused")
  void noResizeAfterStop() throws Exception {
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("stopped"), TestJobs.worker(), TestJobs.fast().withSize(2)));
    join(pool.stop());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> pool.resize(3));
  }
}
