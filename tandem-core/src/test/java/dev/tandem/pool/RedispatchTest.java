package dev.tandem.pool;

import static dev.tandem.pool.TestJobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.pool.TestJobs.Done;
import dev.tandem.pool.TestJobs.Job;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Re-dispatch of in-flight work")
class RedispatchTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  @Test
  @DisplayName("a worker crashing mid-message: that message completes on another worker exactly once")
  void crashedMessageCompletesElsewhereOnce() {
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("crash"), TestJobs.worker(), TestJobs.fast().withSize(4)));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    ConcurrentLinkedQueue<String> crashedOn = new ConcurrentLinkedQueue<>();

    assertTrue(pool.tell(new Job("fragile", "fragile", TestJobs.crashOnce(new AtomicBoolean(), crashedOn), probe.getRef())));

    Done done = probe.expectMessageClass(Done.class);
    assertEquals("fragile", done.id());
    assertEquals(1, crashedOn.size());
    assertNotEquals(crashedOn.peek(), done.worker(), "completed on another worker");
    probe.expectNoMessage(Duration.ofMillis(300));
    TestJobs.eventually(probe, () -> {
      PoolCounters counters = pool.counters();
      assertEquals(1, counters.completed(), "completed exactly once");
      assertEquals(1, counters.redispatched());
      assertEquals(0, counters.inFlight());
    });
    pool.stop();
  }

  @Test
  @DisplayName("messages queued behind a crash move to live workers instead of waiting for the restart")
  void queuedMessagesMoveOn() {
    // The crashed worker stays down for minutes: anything that waited for it would time out.
    PoolSettings settings = TestJobs.fast().withSize(2)
        .withBackoff(Duration.ofMinutes(5), Duration.ofMinutes(5), 0.0);
    Pool<Job> pool = Pool.start(kit.system(), PoolSpec.of(TestJobs.uniqueName("queued"), TestJobs.worker(), settings));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ConcurrentLinkedQueue<String> crashedOn = new ConcurrentLinkedQueue<>();
    AtomicBoolean crashed = new AtomicBoolean();

    // Worker 0 holds a blocking job that will crash when released; round-robin queues
    // every other job behind it.
    Job blockThenCrash = new Job("first", "first", worker -> {
      TestJobs.block(started, release).accept(worker);
      TestJobs.crashOnce(crashed, crashedOn).accept(worker);
    }, probe.getRef());
    pool.tell(blockThenCrash);
    await(started);
    for (int i = 1; i < 10; i++) {
      pool.tell(Job.ok("job-" + i, probe.getRef()));
    }
    release.countDown();

    Set<String> ids = new HashSet<>();
    Set<String> workers = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      Done done = probe.expectMessageClass(Done.class);
      ids.add(done.id());
      workers.add(done.worker());
    }
    assertEquals(10, ids.size(), "every message completed once: " + ids);
    assertEquals(Set.of("tandem-pool-" + pool.name() + "-1"), workers, "all on the live worker");
    assertEquals(1, crashedOn.size());
    probe.expectNoMessage(Duration.ofMillis(200));
    pool.stop();
  }

  @Test
  @DisplayName("with a single worker, the crashed message is retried by the same worker after its restart")
  void singleWorkerRetriesAfterRestart() {
    Pool<Job> pool = Pool.start(kit.system(), PoolSpec.of(TestJobs.uniqueName("single"), TestJobs.worker(),
        TestJobs.fast().withSize(1)));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    ConcurrentLinkedQueue<String> crashedOn = new ConcurrentLinkedQueue<>();

    pool.tell(new Job("fragile", "fragile", TestJobs.crashOnce(new AtomicBoolean(), crashedOn), probe.getRef()));
    pool.tell(Job.ok("next", probe.getRef()));

    Set<String> ids = new HashSet<>();
    ids.add(probe.expectMessageClass(Done.class).id());
    ids.add(probe.expectMessageClass(Done.class).id());
    assertEquals(Set.of("fragile", "next"), ids);
    probe.expectNoMessage(Duration.ofMillis(200));
    assertEquals(1, pool.counters().restarts());
    pool.stop();
  }
}
