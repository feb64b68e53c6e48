package dev.tandem.cluster.hotwarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Takeovers with several ActorSystems in one JVM: a graceful leave of the active's node, and a
 * "crash" (the active's ActorSystem stops without leaving, so its port refuses connections).
 */
class HotWarmTakeoverTest {

  /** Client load from one node: Add(1) under unique ids, recording every acknowledged reply. */
  private static final class Load {
    final Map<String, Counter.Reply> acked = new ConcurrentHashMap<>();
    final Set<String> sent = ConcurrentHashMap.newKeySet();
    volatile boolean running = true;
    final Thread thread;

    Load(HotWarmRef<Counter.Command, Counter.Reply> ref, String prefix) {
      thread = new Thread(() -> {
        int i = 0;
        while (running) {
          String id = prefix + "-" + i++;
          sent.add(id);
          try {
            acked.put(id, ref.ask(id, new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS));
          } catch (Exception e) {
            // unknown outcome: the check below tolerates it (applied or not), never twice
          }
        }
      }, "load-" + prefix);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(60_000);
    }
  }

  private static void checkHistory(Load load, Counter.Reply finalState) {
    // Every acknowledged command is in the final state, and none was applied twice: each applied
    // Add(1) got its own 'adds' position, so acknowledged replies never share one.
    Set<Long> positions = new HashSet<>();
    for (Counter.Reply reply : load.acked.values()) {
      assertTrue(positions.add(reply.adds()), "two commands acknowledged at the same position " + reply.adds());
      assertTrue(reply.adds() <= finalState.adds(), "acknowledged position " + reply.adds() + " lost");
    }
    assertEquals(finalState.total(), finalState.adds());
    assertTrue(finalState.adds() >= load.acked.size(), "acknowledged commands lost");
    assertTrue(finalState.adds() <= load.sent.size(), "more applied than sent: something applied twice");
  }

  private static TestProbe<TakeoverReport> reports(TestCluster cluster, ActorSystem<?> node) {
    TestProbe<TakeoverReport> probe = cluster.kitOf(node).createTestProbe();
    node.eventStream().tell(new EventStream.Subscribe<>(TakeoverReport.class, probe.getRef()));
    return probe;
  }

  @Test
  @DisplayName("graceful leave of the active: the standby takes over warm and no acknowledged command is lost")
  void gracefulLeave() throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      ActorSystem<Void> a = cluster.node("leave", "");
      ActorSystem<Void> b = cluster.node("leave", "");
      ActorSystem<Void> c = cluster.node("leave", "");
      cluster.join(a, a);
      cluster.join(b, a);
      cluster.join(c, a);
      HotWarmSpec<Counter.Command, Counter.Event, Counter.State, Counter.Reply> spec =
          HotWarmSpec.of("leave", Counter::create).standbys(1);
      HotWarm.init(a, spec);
      TestProbe<TakeoverReport> onB = reports(cluster, b);
      HotWarm.init(b, spec);
      HotWarmRef<Counter.Command, Counter.Reply> fromC = HotWarm.init(c, spec);
      Load load = new Load(fromC, "c");
      TestProbe<Object> waiter = cluster.kitOf(c).createTestProbe();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.size() >= 300, "load running: " + load.acked.size());
        return null;
      });

      Cluster.get(a).manager().tell(Leave.create(Cluster.get(a).selfMember().address()));
      TakeoverReport report = onB.expectMessageClass(TakeoverReport.class, Duration.ofSeconds(30));
      int ackedAtTakeover = load.acked.size();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.size() >= ackedAtTakeover + 200, "load continues after takeover");
        return null;
      });
      load.stop();

      assertTrue(report.warm(), "the standby on B was used: " + report);
      assertTrue(report.leavingMs().isPresent(), report.toString());
      assertTrue(report.eventsReplayed() < 300, "replayed only the tail: " + report);
      Counter.Reply finalState = fromC.ask(new Counter.Get()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      checkHistory(load, finalState);
    }
  }

  @Test
  @DisplayName("a crashed active's node is downed at once (refused port) and the standby takes over warm")
  void crash() throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      // The "crashed" system stops without leaving the cluster: its port closes, like a killed JVM's.
      ActorSystem<Void> a = cluster.node("crash", "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
      ActorSystem<Void> b = cluster.node("crash", "");
      ActorSystem<Void> c = cluster.node("crash", "");
      cluster.join(a, a);
      cluster.join(b, a);
      cluster.join(c, a);
      HotWarmSpec<Counter.Command, Counter.Event, Counter.State, Counter.Reply> spec =
          HotWarmSpec.of("crash", Counter::create).standbys(1);
      HotWarm.init(a, spec);
      TestProbe<TakeoverReport> onB = reports(cluster, b);
      HotWarm.init(b, spec);
      HotWarmRef<Counter.Command, Counter.Reply> fromC = HotWarm.init(c, spec);
      Load load = new Load(fromC, "c");
      TestProbe<Object> waiter = cluster.kitOf(c).createTestProbe();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.size() >= 300, "load running: " + load.acked.size());
        return null;
      });

      a.terminate();
      TakeoverReport report = onB.expectMessageClass(TakeoverReport.class, Duration.ofSeconds(30));
      int ackedAtTakeover = load.acked.size();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.size() >= ackedAtTakeover + 200, "load continues after takeover");
        return null;
      });
      load.stop();

      assertTrue(report.warm(), "the standby on B was used: " + report);
      assertTrue(report.refusedMs().isPresent(), "downed through the crash probe: " + report);
      assertTrue(report.eventsReplayed() < 300, "replayed only the tail: " + report);
      Counter.Reply finalState = fromC.ask(new Counter.Get()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      checkHistory(load, finalState);
    }
  }
}
