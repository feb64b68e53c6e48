package dev.tandem.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.pool.TestJobs.Done;
import dev.tandem.pool.TestJobs.Job;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Supervised workers")
class SupervisedWorkersTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  @Test
  @DisplayName("a failed worker restarts with a fresh behavior after its backoff and takes traffic again")
  void restartsAndServesAgain() {
    List<PoolEvent<Job>> events = new CopyOnWriteArrayList<>();
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("restart"), TestJobs.worker(), TestJobs.fast().withSize(2))
            .withListener(events::add));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    ConcurrentLinkedQueue<String> crashedOn = new ConcurrentLinkedQueue<>();
    pool.tell(new Job("fragile", "fragile", TestJobs.crashOnce(new AtomicBoolean(), crashedOn), probe.getRef()));
    probe.expectMessageClass(Done.class);

    probe.awaitAssert(() -> {
      assertEquals(1, pool.counters().restarts());
      return null;
    });
    PoolEvent.WorkerRestarted<Job> restarted = events.stream()
        .filter(e -> e instanceof PoolEvent.WorkerRestarted).map(e -> (PoolEvent.WorkerRestarted<Job>) e)
        .findFirst().orElseThrow();
    assertEquals(crashedOn.peek(), "tandem-pool-" + restarted.worker());
    assertTrue(restarted.downtime().compareTo(Duration.ofMillis(10)) >= 0, "waited its backoff: " + restarted.downtime());

    Set<String> workers = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      pool.tell(Job.ok("after-" + i, probe.getRef()));
      workers.add(probe.expectMessageClass(Done.class).worker());
    }
    assertEquals(2, workers.size(), "both workers serve again: " + workers);
    pool.stop();
  }

  @Test
  @DisplayName("a worker that keeps failing to start is retried, never dropped, and serves once it can")
  void keepsFailingThenRecovers() {
    AtomicInteger starts = new AtomicInteger();
    // Worker 0's first three starts fail; the others start normally.
    Behavior<Job> flaky = Behaviors.setup(ctx -> {
      if (ctx.getSelf().path().name().endsWith("-0") && starts.incrementAndGet() <= 3) {
        throw new IllegalStateException("cannot start yet (expected by the test)");
      }
      return TestJobs.worker();
    });
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("flaky"), flaky, TestJobs.fast().withSize(2)));
    TestProbe<Object> probe = kit.testKit().createTestProbe();

    probe.awaitAssert(() -> {
      assertEquals(4, starts.get(), "three failed starts, then a good one");
      return null;
    });
    Set<String> workers = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      pool.tell(Job.ok("job-" + i, probe.getRef()));
      workers.add(probe.expectMessageClass(Done.class).worker());
    }
    assertEquals(2, workers.size(), "the recovered worker serves: " + workers);
    pool.stop();
  }

  @Test
  @DisplayName("a worker whose behavior returns stopped is restarted: pool workers are permanent")
  void stoppedWorkerRestarts() {
    Behavior<Job> quitter = Behaviors.setup(ctx -> Behaviors.receiveMessage(job -> {
      job.replyTo().tell(new Done(job.id(), ctx.getSelf().path().name()));
      return job.id().equals("quit") ? Behaviors.stopped() : Behaviors.same();
    }));
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("quit"), quitter, TestJobs.fast().withSize(1)));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    pool.tell(Job.ok("quit", probe.getRef()));
    pool.tell(Job.ok("still-served", probe.getRef()));
    assertEquals("quit", probe.expectMessageClass(Done.class).id());
    assertEquals("still-served", probe.expectMessageClass(Done.class).id());
    assertEquals(1, pool.counters().restarts(), "restarted before it handled the next message");
    TestJobs.eventually(probe, () -> assertEquals(2, pool.counters().completed()));
    pool.stop();
  }

  @Test
  @DisplayName("resize grows and shrinks within min-size and max-size, and refuses outside them naming the bound")
  void resizeWithinBounds() {
    Pool<Job> pool = Pool.start(kit.system(), PoolSpec.of(TestJobs.uniqueName("resize"), TestJobs.worker(),
        TestJobs.fast().withMinSize(1).withSize(2).withMaxSize(4)));
    TestProbe<Object> probe = kit.testKit().createTestProbe();

    pool.resize(4);
    assertEquals(4, pool.size());
    Set<String> workers = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      pool.tell(Job.ok("grown-" + i, probe.getRef()));
      workers.add(probe.expectMessageClass(Done.class).worker());
    }
    assertEquals(4, workers.size(), "the new workers take traffic: " + workers);

    for (int i = 0; i < 20; i++) {
      pool.tell(Job.ok("shrinking-" + i, probe.getRef()));
    }
    pool.resize(1);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ids.add(probe.expectMessageClass(Done.class).id());
    }
    assertEquals(20, ids.size(), "nothing queued at removed workers was lost");
    workers.clear();
    for (int i = 0; i < 4; i++) {
      pool.tell(Job.ok("shrunk-" + i, probe.getRef()));
      workers.add(probe.expectMessageClass(Done.class).worker());
    }
    assertEquals(1, workers.size(), "one worker left: " + workers);

    assertTrue(assertThrows(IllegalArgumentException.class, () -> pool.resize(5))
        .getMessage().contains("tandem.pool.max-size"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> pool.resize(0))
        .getMessage().contains("tandem.pool.min-size"));
    pool.stop();
  }
}
