package dev.tandem.cluster.hotwarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import dev.tandem.testkit.history.CounterTotal;
import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.HistoryRecorder;
import dev.tandem.testkit.history.Invocation;
import dev.tandem.testkit.history.NoDuplicateWrites;
import dev.tandem.testkit.history.NoLostWrites;
import dev.tandem.testkit.history.SingleWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Takeovers with several ActorSystems in one JVM: a graceful leave of the active's node, and a
 * "crash" (the active's ActorSystem stops without leaving, so its port refuses connections).
 */
class HotWarmTakeoverTest {

  /**
   * Client load: several logical clients on one node, each sending Add(1) under unique ids and
   * recording every invocation and outcome in a history.
   */
  static final class Load {
    final HistoryRecorder recorder = HistoryRecorder.create();
    final AtomicLong acked = new AtomicLong();
    final List<Long> ackNanos = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile boolean running = true;
    final List<Thread> threads = new ArrayList<>();

    Load(HotWarmRef<Counter.Command, Counter.Reply> ref, String prefix, int clients) {
      for (int c = 0; c < clients; c++) {
        String process = prefix + "-" + c;
        Thread thread = new Thread(() -> {
          int i = 0;
          while (running) {
            String id = process + "-" + i++;
            Invocation call = recorder.invoke(process, "add", id, 1);
            try {
              ref.ask(id, new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
              call.ok();
              acked.incrementAndGet();
              ackNanos.add(System.nanoTime());
            } catch (java.util.concurrent.ExecutionException e) {
              if (e.getCause() instanceof CommandRejected) {
                call.fail("rejected");
              } else {
                call.unknown(e.getCause().getClass().getSimpleName());
              }
            } catch (Exception e) {
              call.unknown(e.getClass().getSimpleName());
            }
          }
        }, "load-" + process);
        threads.add(thread);
        thread.start();
      }
    }

    void stop() throws InterruptedException {
      running = false;
      for (Thread thread : threads) {
        thread.join(60_000);
      }
    }

    /** The longest time between two consecutive acknowledgements (any client), in ms. */
    long largestGapMs() {
      List<Long> sorted;
      synchronized (ackNanos) {
        sorted = new ArrayList<>(ackNanos);
      }
      java.util.Collections.sort(sorted);
      long gap = 0;
      for (int i = 1; i < sorted.size(); i++) {
        gap = Math.max(gap, sorted.get(i) - sorted.get(i - 1));
      }
      return TimeUnit.NANOSECONDS.toMillis(gap);
    }
  }

  /** Judges the clients' history against the journal and the final state. */
  static void checkHistory(Load load, ActorSystem<?> node, String singleton, long initial, Counter.Reply finalState)
      throws Exception {
    History history = load.recorder.history();
    JournalHistory journal = JournalHistory.read(node, singleton);
    List<String> clientKeys = journal.appliedKeys().stream().filter(k -> !k.startsWith("seed-")).toList();
    NoLostWrites.check(history, clientKeys).assertValid();
    NoDuplicateWrites.check(history, clientKeys).assertValid();
    CounterTotal.check(history, initial, finalState.total()).assertValid();
    SingleWriter.check(journal.writes()).assertValid();
  }

  private static TestProbe<TakeoverReport> reports(TestCluster cluster, ActorSystem<?> node) {
    TestProbe<TakeoverReport> probe = cluster.kitOf(node).createTestProbe();
    node.eventStream().tell(new EventStream.Subscribe<>(TakeoverReport.class, probe.getRef()));
    return probe;
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("graceful leave of the active: the standby takes over warm and no acknowledged command is lost")
  @MethodSource("dev.tandem.cluster.hotwarm.TestJournal#h2")
  void gracefulLeave(TestJournal journal) throws Exception {
    try (TestCluster cluster = new TestCluster(journal)) {
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
      Load load = new Load(fromC, "c", 4);
      TestProbe<Object> waiter = cluster.kitOf(c).createTestProbe();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.get() >= 300, "load running: " + load.acked.get());
        return null;
      });

      Cluster.get(a).manager().tell(Leave.create(Cluster.get(a).selfMember().address()));
      TakeoverReport report = onB.expectMessageClass(TakeoverReport.class, Duration.ofSeconds(30));
      long ackedAtTakeover = load.acked.get();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.get() >= ackedAtTakeover + 200, "load continues after takeover");
        return null;
      });
      load.stop();

      assertTrue(report.warm(), "the standby on B was used: " + report);
      assertTrue(report.leavingMs().isPresent(), report.toString());
      assertTrue(report.eventsReplayed() < 300, "replayed only the tail: " + report);
      Counter.Reply finalState = fromC.ask(new Counter.Get()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      checkHistory(load, b, "leave", 0, finalState);
    }
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a crashed active's node is downed at once (refused port) and the standby takes over warm")
  @MethodSource("dev.tandem.cluster.hotwarm.TestJournal#h2")
  void crash(TestJournal journal) throws Exception {
    try (TestCluster cluster = new TestCluster(journal)) {
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
      Load load = new Load(fromC, "c", 4);
      TestProbe<Object> waiter = cluster.kitOf(c).createTestProbe();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.get() >= 300, "load running: " + load.acked.get());
        return null;
      });

      a.terminate();
      TakeoverReport report = onB.expectMessageClass(TakeoverReport.class, Duration.ofSeconds(30));
      long ackedAtTakeover = load.acked.get();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.get() >= ackedAtTakeover + 200, "load continues after takeover");
        return null;
      });
      load.stop();

      assertTrue(report.warm(), "the standby on B was used: " + report);
      // Whichever node's crash probe finds the port refused first downs it, so B may learn of the
      // downing from another node's probe rather than its own; either way it is downed long before
      // the Split Brain Resolver could (3 s stable-after once unreachable, in the balanced preset).
      assertTrue(report.downedMs().isPresent() && report.downedMs().getAsLong() < 1_500,
          "downed by a crash probe, before the SBR could have: " + report);
      assertTrue(report.eventsReplayed() < 300, "replayed only the tail: " + report);
      Counter.Reply finalState = fromC.ask(new Counter.Get()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      checkHistory(load, b, "crash", 0, finalState);
    }
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("with 100k events in the journal, a crash takeover replays only the standby's lag")
  @MethodSource("dev.tandem.cluster.hotwarm.TestJournal#h2")
  void crashWithLongJournal(TestJournal journal) throws Exception {
    int seeded = 100_000;
    try (TestCluster cluster = new TestCluster(journal)) {
      ActorSystem<Void> a = cluster.node("long", "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
      ActorSystem<Void> b = cluster.node("long", "");
      ActorSystem<Void> c = cluster.node("long", "");
      JournalHistory.seed(a, cluster.url(), cluster.user(), cluster.password(), "long", seeded);
      cluster.join(a, a);
      cluster.join(b, a);
      cluster.join(c, a);
      HotWarmSpec<Counter.Command, Counter.Event, Counter.State, Counter.Reply> spec =
          HotWarmSpec.of("long", Counter::create).standbys(1);
      HotWarm.init(a, spec);
      TestProbe<TakeoverReport> onB = reports(cluster, b);
      HotWarm.init(b, spec);
      HotWarmRef<Counter.Command, Counter.Reply> fromC = HotWarm.init(c, spec);
      TestProbe<Object> waiter = cluster.kitOf(c).createTestProbe();
      // The standby on B has read the long history before the crash (in a real cluster it has had
      // all the time since it started).
      waiter.awaitAssert(Duration.ofSeconds(90), () -> {
        assertTrue(HotWarm.localStandbySequenceNr(b, "long").orElse(0) > seeded, "standby caught up");
        return null;
      });
      Load load = new Load(fromC, "c", 4);
      waiter.awaitAssert(Duration.ofSeconds(60), () -> {
        assertTrue(load.acked.get() >= 300, "load running: " + load.acked.get());
        return null;
      });

      a.terminate();
      TakeoverReport report = onB.expectMessageClass(TakeoverReport.class, Duration.ofSeconds(30));
      long ackedAtTakeover = load.acked.get();
      waiter.awaitAssert(Duration.ofSeconds(30), () -> {
        assertTrue(load.acked.get() >= ackedAtTakeover + 200, "load continues after takeover");
        return null;
      });
      load.stop();

      assertTrue(report.warm(), report.toString());
      assertTrue(report.sequenceNr() > seeded, report.toString());
      assertTrue(report.eventsReplayed() < 1_000, "replayed the lag, not the journal: " + report);
      assertEquals(report.standbyLag(), report.eventsReplayed());
      Counter.Reply finalState = fromC.ask(new Counter.Get()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      checkHistory(load, b, "long", seeded, finalState);
    }
  }
}
