package dev.tandem.cluster.hotwarm;

import dev.tandem.cluster.hotwarm.HotWarmTasks.Report;
import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.NoDuplicateWrites;
import dev.tandem.testkit.history.NoLostWrites;
import dev.tandem.testkit.history.Operation;
import dev.tandem.testkit.history.SingleWriter;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.TaskRun;
import dev.tandem.testkit.multinode.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The takeover benchmark (not part of the build's tests; run it with {@code mvn -pl tandem-cluster
 * -am verify -Dtest=TakeoverBench}, optionally {@code -Dbench.rounds=10}): three node processes
 * with the singleton's role and a client node, a journal of 100k events, then rounds of kill -9
 * of the active node (restarted afterwards) and rounds of graceful leaves. Prints {@code BENCH}
 * lines: client-seen time from the fault to the next acknowledgement, the largest gap between two
 * consecutive acknowledgements from the fault until the next round, and events replayed; and
 * checks the whole history.
 */
class TakeoverBench {

  static final String NAME = "bench";
  static final int SEEDED = 100_000;

  record Round(String kind, long faultToAckMs, long gapMs, long replayed, long sequenceNr, boolean warm) {}

  @Test
  void takeovers() throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 10);
    TestJournal kind = TestJournal.valueOf(System.getProperty("bench.journal", "H2"));
    try (JournalProcess journal = JournalProcess.start(kind);
        TestCluster cluster = ClusterSpec.processes(4)
            .withName("bench")
            .withConfig(DowningPreset.BALANCED.config())
            .withConfig(journal.config + "tandem.hotwarm.role = ledger\n")
            .withNode(1, n -> n.withRoles("ledger"))
            .withNode(2, n -> n.withRoles("ledger"))
            .withNode(3, n -> n.withRoles("ledger"))
            .start()) {
      Node client = cluster.node(4);
      cluster.node(1).run(HotWarmTasks.SeedJournal.class,
          new HotWarmTasks.Seed(journal.url, journal.user, journal.password, NAME, SEEDED));
      for (Node node : cluster.nodes()) {
        node.run(HotWarmTasks.InitSingleton.class, new HotWarmTasks.Init(NAME, 2));
      }
      TaskRun<History> load = client.start(HotWarmTasks.Load.class, new HotWarmTasks.LoadParams(NAME, "c", 4));
      client.run(HotWarmTasks.AwaitAckedTask.class, new HotWarmTasks.AwaitAcked("c", 100, 60_000));

      List<long[]> faults = new ArrayList<>(); // {faultNanos, reportEpoch}
      List<Report> reports = new ArrayList<>();
      List<String> kinds = new ArrayList<>();
      long epoch = 2; // seed wrote epoch 1, the first active epoch 2
      for (int i = 0; i < 2 * rounds; i++) {
        boolean crash = i < rounds;
        List<String> byAge = client.run(HotWarmTasks.ByAge.class, "ledger");
        Node active = byAddress(cluster, byAge.get(0));
        Node successor = byAddress(cluster, byAge.get(1));
        HotWarmMultiNodeTest.awaitStandby(successor, NAME, 1);
        awaitCaughtUp(successor, client);
        long acked = client.run(HotWarmTasks.AwaitAckedTask.class, new HotWarmTasks.AwaitAcked("c", 0, 1_000));
        client.run(HotWarmTasks.AwaitAckedTask.class, new HotWarmTasks.AwaitAcked("c", acked + 100, 60_000));
        long faultNanos = System.nanoTime();
        if (crash) {
          active.kill();
        } else {
          active.stop();
        }
        epoch++;
        Report report = successor.run(HotWarmTasks.AwaitReportTask.class, new HotWarmTasks.AwaitReport(epoch, 50_000));
        acked = client.run(HotWarmTasks.AwaitAckedTask.class, new HotWarmTasks.AwaitAcked("c", 0, 1_000));
        client.run(HotWarmTasks.AwaitAckedTask.class, new HotWarmTasks.AwaitAcked("c", acked + 100, 60_000));
        faults.add(new long[] {faultNanos});
        reports.add(report);
        kinds.add(crash ? "crash" : "graceful");
        active.restart();
        for (int r = 0; r < 3; r++) {
          cluster.node(r + 1).run(HotWarmTasks.InitSingleton.class, new HotWarmTasks.Init(NAME, 2));
        }
        System.out.println("BENCH-ROUND " + kinds.get(i) + " " + report.line());
      }
      load.requestStop();
      History history = load.await(Duration.ofSeconds(60));

      List<Round> results = new ArrayList<>();
      for (int i = 0; i < faults.size(); i++) {
        long fault = faults.get(i)[0];
        long windowEnd = i + 1 < faults.size() ? faults.get(i + 1)[0] : Long.MAX_VALUE;
        long next = Long.MAX_VALUE;
        long previous = Long.MIN_VALUE;
        long largestGap = 0;
        for (Operation op : history.operations()) {
          if (op.type() != Operation.Type.OK || op.nanos() >= windowEnd) {
            continue;
          }
          if (op.nanos() > fault) {
            next = Math.min(next, op.nanos());
            if (previous != Long.MIN_VALUE) {
              largestGap = Math.max(largestGap, op.nanos() - previous);
            }
          }
          previous = op.nanos();
        }
        Report report = reports.get(i);
        results.add(new Round(kinds.get(i), TimeUnit.NANOSECONDS.toMillis(next - fault),
            TimeUnit.NANOSECONDS.toMillis(largestGap), report.eventsReplayed(), report.sequenceNr(), report.warm()));
      }
      for (String k : List.of("crash", "graceful")) {
        List<Round> of = results.stream().filter(r -> r.kind().equals(k)).toList();
        System.out.println("BENCH takeover journal=" + kind + " kind=" + k + " n=" + of.size()
            + " fault_to_next_ack_median_ms=" + median(of.stream().map(Round::faultToAckMs).toList())
            + " fault_to_next_ack_max_ms=" + Collections.max(of.stream().map(Round::faultToAckMs).toList())
            + " ack_gap_median_ms=" + median(of.stream().map(Round::gapMs).toList())
            + " ack_gap_max_ms=" + Collections.max(of.stream().map(Round::gapMs).toList())
            + " replayed_max=" + Collections.max(of.stream().map(Round::replayed).toList())
            + " journal_length_min=" + Collections.min(of.stream().map(Round::sequenceNr).toList())
            + " warm=" + of.stream().filter(Round::warm).count() + "/" + of.size());
      }
      HotWarmTasks.Journal record = cluster.node(1).run(HotWarmTasks.ReadJournal.class, NAME);
      List<String> keys = record.appliedKeys().stream().filter(k -> !k.startsWith("seed-")).toList();
      NoLostWrites.check(history, keys).assertValid();
      NoDuplicateWrites.check(history, keys).assertValid();
      SingleWriter.check(record.writes()).assertValid();
    }
  }

  /** The standby on {@code successor} is within a few events of the journal's head. */
  private static void awaitCaughtUp(Node successor, Node client) {
    long head = client.run(HotWarmTasks.Read.class, NAME).get(1); // applied events, seeded ones included
    HotWarmMultiNodeTest.awaitStandby(successor, NAME, head);
  }

  private static Node byAddress(TestCluster cluster, String address) {
    return cluster.nodes().stream().filter(n -> n.address().equals(address)).findFirst().orElseThrow();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
