package dev.tandem.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.pool.TestJobs.Done;
import dev.tandem.pool.TestJobs.Job;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Poison quarantine")
class QuarantineTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  @Test
  @DisplayName("a poison message is quarantined after exactly max-attempts tries while other traffic is unaffected")
  void poisonQuarantined() {
    List<PoolEvent<Job>> events = new CopyOnWriteArrayList<>();
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("poison"), TestJobs.worker(), TestJobs.fast().withSize(4).withMaxAttempts(3))
            .withFailureReply(TestJobs.replyToSender())
            .withListener(events::add));
    TestProbe<Object> poisonProbe = kit.testKit().createTestProbe();
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    AtomicInteger attempts = new AtomicInteger();

    for (int i = 0; i < 50; i++) {
      pool.tell(Job.ok("before-" + i, probe.getRef()));
    }
    assertTrue(pool.tell(new Job("poison", "poison", TestJobs.poison(attempts), poisonProbe.getRef())));
    for (int i = 0; i < 50; i++) {
      pool.tell(Job.ok("after-" + i, probe.getRef()));
    }

    MessageQuarantined quarantined = poisonProbe.expectMessageClass(MessageQuarantined.class);
    assertEquals(3, quarantined.attempts());
    assertTrue(quarantined.lastFailure().contains("poison"), quarantined.lastFailure());

    Set<String> completed = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      completed.add(probe.expectMessageClass(Done.class).id());
    }
    assertEquals(100, completed.size(), "every other message completed exactly once");
    poisonProbe.expectNoMessage(Duration.ofMillis(300));
    probe.expectNoMessage(Duration.ofMillis(10));

    assertEquals(3, attempts.get(), "tried exactly max-attempts times, never again");
    TestJobs.eventually(probe, () -> {
      PoolCounters counters = pool.counters();
      assertEquals(1, counters.quarantined());
      assertEquals(2, counters.redispatched());
      assertEquals(100, counters.completed());
      assertEquals(0, counters.inFlight());
    });
    assertEquals(1, events.stream().filter(e -> e instanceof PoolEvent.Quarantined<Job> q
        && q.message().id().equals("poison")).count());
    pool.stop();
  }

  @Test
  @DisplayName("max-attempts = 1 quarantines on the first failure: no re-dispatch at all")
  void singleAttempt() {
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("once"), TestJobs.worker(), TestJobs.fast().withSize(2).withMaxAttempts(1))
            .withFailureReply(TestJobs.replyToSender()));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    AtomicInteger attempts = new AtomicInteger();
    pool.tell(new Job("poison", "poison", TestJobs.poison(attempts), probe.getRef()));
    assertEquals(1, probe.expectMessageClass(MessageQuarantined.class).attempts());
    probe.expectNoMessage(Duration.ofMillis(200));
    assertEquals(1, attempts.get());
    assertEquals(0, pool.counters().redispatched(), "the failure was handled before the quarantine reply");
    pool.stop();
  }
}
