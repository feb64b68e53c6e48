package dev.tandem.pool;

import static dev.tandem.pool.TestJobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.pool.TestJobs.Done;
import dev.tandem.pool.TestJobs.Job;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Routing")
class RoutingTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  private static Pool<Job> start(String prefix, PoolSettings settings) {
    return Pool.start(kit.system(), PoolSpec.of(TestJobs.uniqueName(prefix), TestJobs.worker(), settings)
        .withHashKey(Job::key));
  }

  /**
   * Sends jobs one at a time and returns, per job id, the worker that completed it. Before each
   * send it waits until the pool has counted the previous completion (the reply is sent just
   * before the worker's handler returns), so {@code busy} messages are left in flight.
   */
  private static Map<String, String> roundTrip(Pool<Job> pool, TestProbe<Object> probe, long busy, String... ids) {
    Map<String, String> workerOf = new HashMap<>();
    for (String id : ids) {
      probe.awaitAssert(() -> {
        assertEquals(busy, pool.counters().inFlight());
        return null;
      });
      assertTrue(pool.tell(Job.ok(id, probe.getRef())));
      Done done = probe.expectMessageClass(Done.class);
      workerOf.put(done.id(), done.worker());
    }
    return workerOf;
  }

  @Nested
  @DisplayName("round-robin")
  class RoundRobin {
    @Test
    @DisplayName("gives each of 4 workers exactly 2 of 8 messages")
    void evenSpread() {
      Pool<Job> pool = start("rr", TestJobs.fast().withSize(4));
      TestProbe<Object> probe = kit.testKit().createTestProbe();
      for (int i = 0; i < 8; i++) {
        pool.tell(Job.ok("job-" + i, probe.getRef()));
      }
      Map<String, Integer> perWorker = new HashMap<>();
      for (int i = 0; i < 8; i++) {
        perWorker.merge(probe.expectMessageClass(Done.class).worker(), 1, Integer::sum);
      }
      assertEquals(Map.of(
          "tandem-pool-" + pool.name() + "-0", 2, "tandem-pool-" + pool.name() + "-1", 2,
          "tandem-pool-" + pool.name() + "-2", 2, "tandem-pool-" + pool.name() + "-3", 2), perWorker);
      pool.stop();
    }
  }

  @Nested
  @DisplayName("random")
  class RandomRouting {
    @Test
    @DisplayName("reaches every worker over 200 messages")
    void reachesAll() {
      Pool<Job> pool = start("random", TestJobs.fast().withSize(4).withRouting(Routing.RANDOM));
      TestProbe<Object> probe = kit.testKit().createTestProbe();
      for (int i = 0; i < 200; i++) {
        pool.tell(Job.ok("job-" + i, probe.getRef()));
      }
      Set<String> workers = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        workers.add(probe.expectMessageClass(Done.class).worker());
      }
      assertEquals(4, workers.size(), "workers reached: " + workers);
      pool.stop();
    }
  }

  @Nested
  @DisplayName("least-loaded")
  class LeastLoaded {
    @Test
    @DisplayName("a busy worker gets no new work while an idle one is free")
    void avoidsBusyWorker() {
      Pool<Job> pool = start("least", TestJobs.fast().withSize(2).withRouting(Routing.LEAST_LOADED));
      TestProbe<Object> probe = kit.testKit().createTestProbe();
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      pool.tell(new Job("slow", "slow", TestJobs.block(started, release), probe.getRef()));
      Map<String, String> workerOf;
      try {
        await(started);
        workerOf = roundTrip(pool, probe, 1, "a", "b", "c", "d", "e", "f");
        assertEquals(1, new HashSet<>(workerOf.values()).size(), "all went to the idle worker: " + workerOf);
      } finally {
        release.countDown();
      }
      String busy = probe.expectMessageClass(Done.class).worker();
      assertNotEquals(workerOf.get("a"), busy);
      pool.stop();
    }
  }

  @Nested
  @DisplayName("consistent-hash")
  class ConsistentHash {
    @Test
    @DisplayName("keeps a key on one worker while it lives, moves it when the worker dies, leaves other keys in place")
    void stickyAndMoves() {
      // A long backoff keeps the crashed worker down for the whole test.
      Pool<Job> pool = start("hash", TestJobs.fast().withSize(4).withRouting(Routing.CONSISTENT_HASH)
          .withBackoff(Duration.ofMinutes(5), Duration.ofMinutes(5), 0.0));
      TestProbe<Object> probe = kit.testKit().createTestProbe();

      Map<String, String> ownerOf = new HashMap<>();
      for (int k = 0; k < 20; k++) {
        String key = "customer-" + k;
        for (int i = 0; i < 3; i++) {
          assertTrue(pool.tell(new Job(key + "/" + i, key, w -> {}, probe.getRef())));
          String worker = probe.expectMessageClass(Done.class).worker();
          String previous = ownerOf.putIfAbsent(key, worker);
          if (previous != null) {
            assertEquals(previous, worker, key + " stayed on one worker");
          }
        }
      }
      assertTrue(new HashSet<>(ownerOf.values()).size() > 1, "20 keys spread over more than one worker");

      String victimKey = "customer-0";
      String victim = ownerOf.get(victimKey);
      ConcurrentLinkedQueue<String> crashedOn = new ConcurrentLinkedQueue<>();
      pool.tell(new Job("crash", victimKey, TestJobs.crashOnce(new AtomicBoolean(), crashedOn), probe.getRef()));
      Done crashJob = probe.expectMessageClass(Done.class);
      assertEquals(victim, crashedOn.peek(), "the key's owner crashed on it");
      assertNotEquals(victim, crashJob.worker(), "the crashed message completed elsewhere");

      String heir = null;
      for (int i = 0; i < 3; i++) {
        pool.tell(new Job(victimKey + "/after-" + i, victimKey, w -> {}, probe.getRef()));
        String worker = probe.expectMessageClass(Done.class).worker();
        assertNotEquals(victim, worker, "the dead worker's key moved");
        if (heir == null) {
          heir = worker;
        }
        assertEquals(heir, worker, "the moved key sticks to its new worker");
      }
      assertEquals(heir, crashJob.worker(), "the re-dispatched message went where the key moved");

      for (Map.Entry<String, String> entry : ownerOf.entrySet()) {
        if (!entry.getValue().equals(victim)) {
          pool.tell(new Job(entry.getKey() + "/still", entry.getKey(), w -> {}, probe.getRef()));
          assertEquals(entry.getValue(), probe.expectMessageClass(Done.class).worker(),
              entry.getKey() + " did not move: its worker is alive");
        }
      }
      pool.stop();
    }
  }
}
