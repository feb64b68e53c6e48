package dev.tandem.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.pool.TestJobs.Done;
import dev.tandem.pool.TestJobs.Job;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Churn: crashes, restarts and resizes under traffic")
class ChurnTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  @ParameterizedTest(name = "{0}")
  @EnumSource(Routing.class)
  @DisplayName("with every twentieth message crashing its first worker and the pool resized mid-traffic, every message completes exactly once")
  void everyMessageCompletesOnce(Routing routing) {
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("churn"), TestJobs.worker(),
                TestJobs.fast().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5), 0.0).withRouting(routing).withSize(4).withMaxSize(6).withCapacity(5000))
            .withHashKey(Job::key)
            .withFailureReply(TestJobs.replyToSender()));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    Map<String, AtomicBoolean> crashes = new ConcurrentHashMap<>();
    int total = 2000;
    for (int i = 0; i < total; i++) {
      String id = "m-" + i;
      TestJobs.Step step = i % 20 == 0
          ? TestJobs.crashOnce(crashes.computeIfAbsent(id, k -> new AtomicBoolean()), new ConcurrentLinkedQueue<>())
          : worker -> {};
      pool.tell(new Job(id, "key-" + (i % 37), step, probe.getRef()));
      if (i == 500) {
        pool.resize(6);
      }
      if (i == 1200) {
        pool.resize(2);
      }
    }
    List<Object> replies = probe.receiveSeveralMessages(total, Duration.ofSeconds(60));
    Map<String, Integer> completions = new HashMap<>();
    for (Object reply : replies) {
      completions.merge(((Done) reply).id(), 1, Integer::sum);
    }
    assertEquals(total, completions.size(), "every message completed");
    assertEquals(1, completions.values().stream().distinct().count(), "none completed twice");
    probe.expectNoMessage(Duration.ofMillis(200));
    TestJobs.eventually(probe, () -> {
      PoolCounters counters = pool.counters();
      assertEquals(total, counters.completed());
      assertEquals(total / 20, counters.redispatched());
      assertEquals(0, counters.quarantined());
      assertEquals(0, counters.inFlight());
    });
    pool.stop();
  }
}
