package dev.tandem.pool;

import static dev.tandem.pool.TestJobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.pool.TestJobs.Done;
import dev.tandem.pool.TestJobs.Job;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Bounded capacity")
class OverloadTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  @Test
  @DisplayName("past capacity every send is refused with PoolOverloaded, counted exactly, and nothing is queued")
  void rejectionsCountedExactly() {
    List<PoolEvent<Job>> events = new CopyOnWriteArrayList<>();
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("full"), TestJobs.worker(), TestJobs.fast().withSize(2).withCapacity(10))
            .withFailureReply(TestJobs.replyToSender())
            .withListener(events::add));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    TestProbe<Object> refused = kit.testKit().createTestProbe();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);

    // Both workers hold a message, 8 more wait: the pool is exactly full.
    pool.tell(new Job("hold-0", "hold-0", TestJobs.block(started, release), probe.getRef()));
    pool.tell(new Job("hold-1", "hold-1", TestJobs.block(started, release), probe.getRef()));
    await(started);
    for (int i = 0; i < 8; i++) {
      assertTrue(pool.tell(Job.ok("queued-" + i, probe.getRef())), "queued-" + i + " fits");
    }
    int refusals = 0;
    for (int i = 0; i < 7; i++) {
      if (!pool.tell(Job.ok("over-" + i, refused.getRef()))) {
        refusals++;
      }
    }
    assertEquals(7, refusals);
    for (int i = 0; i < 7; i++) {
      PoolOverloaded overloaded = refused.expectMessageClass(PoolOverloaded.class);
      assertEquals(10, overloaded.capacity());
    }
    assertEquals(7, pool.counters().rejected());
    assertEquals(10, pool.counters().inFlight());
    assertEquals(7, events.stream().filter(e -> e instanceof PoolEvent.Rejected).count());

    release.countDown();
    Set<String> done = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      done.add(probe.expectMessageClass(Done.class).id());
    }
    assertEquals(10, done.size());
    refused.expectNoMessage(Duration.ofMillis(200));

    // Room again once the work drained.
    assertTrue(pool.tell(Job.ok("later", probe.getRef())));
    assertEquals("later", probe.expectMessageClass(Done.class).id());
    assertEquals(11, pool.counters().dispatched());
    pool.stop();
  }

  @Test
  @DisplayName("concurrent senders never push the pool past its capacity")
  void concurrentSendersRespectCapacity() throws Exception {
    Pool<Job> pool = Pool.start(kit.system(),
        PoolSpec.of(TestJobs.uniqueName("race"), TestJobs.worker(), TestJobs.fast().withSize(2).withCapacity(100)));
    TestProbe<Object> probe = kit.testKit().createTestProbe();
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    pool.tell(new Job("hold-0", "h0", TestJobs.block(started, release), probe.getRef()));
    pool.tell(new Job("hold-1", "h1", TestJobs.block(started, release), probe.getRef()));
    await(started);

    int senders = 4;
    int perSender = 200;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      Thread thread = new Thread(() -> {
        await(go);
        for (int i = 0; i < perSender; i++) {
          if (pool.tell(Job.ok("s" + sender + "-" + i, probe.getRef()))) {
            accepted.incrementAndGet();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(98, accepted.get(), "exactly the room left (100 - 2 held) was accepted");
    assertEquals(senders * perSender - 98, pool.counters().rejected());
    assertFalse(pool.counters().inFlight() > 100);
    release.countDown();
    for (int i = 0; i < 100; i++) {
      probe.expectMessageClass(Done.class);
    }
    pool.stop();
  }
}
