package dev.tandem.bench.failover;

import dev.tandem.bench.failover.FailoverTasks.AwaitAcks;
import dev.tandem.bench.failover.FailoverTasks.AwaitReport;
import dev.tandem.bench.failover.FailoverTasks.AwaitStandby;
import dev.tandem.bench.failover.FailoverTasks.Init;
import dev.tandem.bench.failover.FailoverTasks.Load;
import dev.tandem.bench.failover.FailoverTasks.LoadSummary;
import dev.tandem.bench.failover.FailoverTasks.Report;
import dev.tandem.bench.failover.JournalTasks.RawRecovery;
import dev.tandem.bench.failover.JournalTasks.Seed;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.TaskRun;
import dev.tandem.testkit.multinode.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takeover cost against journal length: the time from promotion to the first command served, for
 * a journal of {@code length} events.
 *
 * <p>Tandem: a hot-warm counter whose journal was seeded with {@code length} events, on three host
 * nodes with one warm standby (on the successor); once it has caught up, the active's node is killed and the
 * successor's {@code TakeoverReport} gives promoted → first command served. Raw Pekko: what its
 * Cluster Singleton does on the new node after a takeover, without the failure detection before it
 * (measured separately by the crash trials): start the {@code EventSourcedBehavior}, recover, serve
 * the first command; from events only (snapshots off) and from a snapshot at the journal's end
 * (snapshots on). Raw recoveries run on the quiet cluster before the Tandem kill, on the same
 * journal database.
 */
final class JournalLengthBench {

  /** One length's figures (ms). */
  record Result(int length, List<Double> tandem, List<Double> pekkoEvents, List<Double> pekkoSnapshot,
      List<Report> reports, long seedMs) {}

  private JournalLengthBench() {}

  static Result run(int length, int trials, String journalConfig, Path logs, Consumer<String> progress) {
    String name = "len" + length;
    String rawName = "rawlen" + length;
    String warmup = "rawwarmup" + length;
    try (TestCluster cluster = Variant.TANDEM.start("bench-journal-" + length, 3, false, journalConfig, logs)) {
      Node seeder = cluster.node(3);
      long seedStart = System.nanoTime();
      seeder.run(JournalTasks.SeedTask.class, new Seed("tandem", name, length, false));
      seeder.run(JournalTasks.SeedTask.class, new Seed("pekko", rawName, length, true));
      seeder.run(JournalTasks.SeedTask.class, new Seed("pekko", warmup, 100, true));
      long seedMs = (System.nanoTime() - seedStart) / 1_000_000;
      progress.accept("seeded 2 x " + length + " events in " + seedMs + " ms");

      // One standby: the successor, the one that matters (a second would only read the journal too).
      Init init = new Init("tandem", name, 1);
      for (Node node : cluster.nodes()) {
        node.run(FailoverTasks.InitTask.class, init);
      }
      // The first active recovers the whole journal cold and the standby reads all of it once.
      hostByAge(cluster, 1).run(FailoverTasks.AwaitStandbyTask.class,
          new AwaitStandby(name, length + 1L, 1_800_000));
      progress.accept(length + " events: active recovered, standby caught up");

      // A raw singleton's node has run Pekko Persistence before (the journal plugins start at boot
      // on every node); one untimed recovery of a short journal loads the rest of the classes.
      seeder.run(JournalTasks.RawRecoveryTask.class, new RawRecovery(warmup, false, 100));
      seeder.run(JournalTasks.RawRecoveryTask.class, new RawRecovery(warmup, true, 101));
      List<Double> rawEvents = new ArrayList<>();
      List<Double> rawSnapshot = new ArrayList<>();
      long seeded = length;
      for (int t = 0; t < trials; t++) {
        // Each raw recovery serves one command, which adds one event.
        rawEvents.add(seeder.run(JournalTasks.RawRecoveryTask.class, new RawRecovery(rawName, false, seeded++)));
        rawSnapshot.add(seeder.run(JournalTasks.RawRecoveryTask.class, new RawRecovery(rawName, true, seeded++)));
      }
      progress.accept(length + " events: raw recoveries " + rawEvents + " ms (events), " + rawSnapshot + " ms (snapshot)");

      List<Double> tandem = new ArrayList<>();
      List<Report> reports = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        Node active = hostByAge(cluster, 0);
        Node successor = hostByAge(cluster, 1);
        Node client = cluster.nodes().stream()
            .filter(n -> !n.equals(active) && !n.equals(successor)).findFirst().orElseThrow();
        TaskRun<LoadSummary> load = client.start(FailoverTasks.LoadTask.class, new Load(name, 1));
        try {
          client.run(FailoverTasks.AwaitAcksTask.class, new AwaitAcks(name, 20, 300_000));
          BenchCluster.awaitFollowing(client, successor, name);
          active.kill();
          Report report = successor.run(FailoverTasks.AwaitReportTask.class,
              new AwaitReport(name, active.address(), 120_000));
          if (report.sequenceNr() < length) {
            throw new IllegalStateException("takeover at seqNr " + report.sequenceNr() + " of a " + length + "-event journal");
          }
          reports.add(report);
          tandem.add((double) (report.firstServedMs() - report.promotedMs()));
          progress.accept(length + " events: " + report.line());
        } finally {
          load.requestStop();
          load.await(Duration.ofSeconds(60));
        }
        if (t + 1 < trials) {
          // Back to three hosts; the next trial waits for the new successor's standby to catch up.
          active.restart();
          active.run(FailoverTasks.InitTask.class, init);
        }
      }
      return new Result(length, tandem, rawEvents, rawSnapshot, reports, seedMs);
    }
  }

  /** The running host of rank {@code rank} by age (0: the oldest, where the singleton runs). */
  private static Node hostByAge(TestCluster cluster, int rank) {
    List<String> byAge = firstRunning(cluster).run(FailoverTasks.ByAgeTask.class, FailoverTasks.HOST_ROLE);
    return cluster.nodes().stream().filter(n -> n.address().equals(byAge.get(rank))).findFirst().orElseThrow();
  }

  private static Node firstRunning(TestCluster cluster) {
    return cluster.nodes().stream().filter(n -> n.exitCode().isEmpty()).findFirst().orElseThrow();
  }
}
