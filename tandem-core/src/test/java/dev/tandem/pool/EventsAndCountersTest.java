package dev.tandem.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.pool.TestJobs.Done;
import dev.tandem.pool.TestJobs.Job;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Events and counters")
class EventsAndCountersTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  @Test
  @DisplayName("counters add up: dispatched = completed + quarantined, with re-dispatches and restarts counted, and listeners see each event once")
  void countersAndEvents() {
    List<PoolEvent<Job>> events = new CopyOnWriteArrayList<>();
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("count"), TestJobs.worker(), TestJobs.fast().withSize(3).withMaxAttempts(2))
            .withFailureReply(TestJobs.replyToSender())
            .withListener(events::add));
    TestProbe<Object> probe = kit.testKit().createTestProbe();

    for (int i = 0; i < 20; i++) {
      pool.tell(Job.ok("job-" + i, probe.getRef()));
    }
    ConcurrentLinkedQueue<String> crashedOn = new ConcurrentLinkedQueue<>();
    pool.tell(new Job("fragile", "fragile", TestJobs.crashOnce(new AtomicBoolean(), crashedOn), probe.getRef()));
    pool.tell(new Job("poison", "poison", TestJobs.poison(new AtomicInteger()), probe.getRef()));
    // 21 completions and 1 quarantine, in whatever order the workers finish.
    List<Object> replies = probe.receiveSeveralMessages(22);
    assertEquals(21, replies.stream().filter(r -> r instanceof Done).count());
    assertEquals(1, replies.stream().filter(r -> r instanceof MessageQuarantined).count());

    probe.awaitAssert(() -> {
      PoolCounters counters = pool.counters();
      assertEquals(22, counters.dispatched());
      assertEquals(21, counters.completed());
      assertEquals(1, counters.quarantined());
      assertEquals(2, counters.redispatched(), "fragile once, poison once before its second failure");
      assertEquals(3, counters.restarts(), "three worker failures, three restarts");
      assertEquals(0, counters.rejected());
      assertEquals(0, counters.inFlight());
      return null;
    });
    assertEquals(3, count(events, PoolEvent.WorkerFailed.class));
    assertEquals(2, count(events, PoolEvent.Redispatched.class));
    assertEquals(1, count(events, PoolEvent.Quarantined.class));
    assertEquals(3, count(events, PoolEvent.WorkerRestarted.class));
    assertTrue(events.stream().allMatch(e -> e.pool().equals(pool.name())));
    probe.expectNoMessage(Duration.ofMillis(100));
    pool.stop();
  }

  @Test
  @DisplayName("a listener or failure reply that throws does not disturb the pool")
  void throwingListenerIsContained() {
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("rude"), TestJobs.worker(), TestJobs.fast().withSize(2).withMaxAttempts(1))
            .withFailureReply((job, failure) -> {
              throw new IllegalStateException("reply broke (expected by the test)");
            })
            .withListener(event -> {
              throw new IllegalStateException("listener broke (expected by the test)");
            }));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    pool.tell(new Job("poison", "poison", TestJobs.poison(new AtomicInteger()), probe.getRef()));
    pool.tell(Job.ok("fine", probe.getRef()));
    assertEquals("fine", probe.expectMessageClass(Done.class).id());
    probe.awaitAssert(() -> {
      assertEquals(1, pool.counters().quarantined());
      return null;
    });
    pool.stop();
  }

  private static long count(List<PoolEvent<Job>> events, Class<?> type) {
    return events.stream().filter(type::isInstance).count();
  }
}
