package dev.tandem.bench.failover;

import dev.tandem.bench.failover.FailoverTasks.AwaitAcks;
import dev.tandem.bench.failover.FailoverTasks.AwaitReport;
import dev.tandem.bench.failover.FailoverTasks.AwaitStandby;
import dev.tandem.bench.failover.FailoverTasks.AwaitTakeover;
import dev.tandem.bench.failover.FailoverTasks.Init;
import dev.tandem.bench.failover.FailoverTasks.Load;
import dev.tandem.bench.failover.FailoverTasks.LoadSummary;
import dev.tandem.bench.failover.FailoverTasks.Report;
import dev.tandem.bench.failover.FailoverTasks.TakeoverSeen;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.TaskRun;
import dev.tandem.testkit.multinode.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One running bench cluster of a {@link Variant}: three host nodes and a client node, with the
 * variant's singleton (named {@code counter}) started on every node. Runs takeover trials,
 * throughput rounds and the standby-lag measurement against it.
 */
final class BenchCluster implements AutoCloseable {

  static final String SINGLETON = "counter";
  private static final int HOSTS = 3;
  private static final int CLIENT_THREADS = 4;
  /** How long the client keeps measuring after the first acknowledgement from the new active. */
  private static final long SETTLE_MS = 2_000;

  /** One fault and what the client and the new active saw. */
  record Trial(Variant variant, String fault, double firstNewAckMs, double largestGapMs, Optional<Report> report) {}

  final Variant variant;
  private final TestCluster cluster;
  private final Node client;
  private final Init init;

  private BenchCluster(Variant variant, TestCluster cluster) {
    this.variant = variant;
    this.cluster = cluster;
    this.client = cluster.node(HOSTS + 1);
    this.init = new Init(variant.subject, SINGLETON, 2);
  }

  static BenchCluster start(Variant variant, String journalConfig, Path logs) {
    String systemName = "bench-" + variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    TestCluster cluster = variant.start(systemName, HOSTS, true, journalConfig, logs);
    try {
      BenchCluster bench = new BenchCluster(variant, cluster);
      for (Node node : cluster.nodes()) {
        node.run(FailoverTasks.InitTask.class, bench.init);
      }
      // The first command waits for the first active's recovery; then the cluster is ready.
      TaskRun<LoadSummary> warmup = bench.client.start(FailoverTasks.LoadTask.class, new Load(SINGLETON, 1));
      bench.client.run(FailoverTasks.AwaitAcksTask.class, new AwaitAcks(SINGLETON, 20, 120_000));
      warmup.requestStop();
      warmup.await(Duration.ofSeconds(60));
      return bench;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private boolean tandem() {
    return variant.subject.equals("tandem");
  }

  private List<Node> hostsByAge() {
    List<String> addresses = client.run(FailoverTasks.ByAgeTask.class, FailoverTasks.HOST_ROLE);
    List<Node> hosts = new ArrayList<>();
    for (String address : addresses) {
      hosts.add(cluster.nodes().stream().filter(n -> n.address().equals(address)).findFirst().orElseThrow());
    }
    if (hosts.size() < 2) {
      throw new IllegalStateException(variant + ": fewer than two host nodes are Up: " + addresses);
    }
    return hosts;
  }

  /**
   * Kills (SIGKILL) or stops (SIGTERM, a graceful leave) the node of the active instance under
   * client load, measures what the client sees, then restarts the node and starts the singleton on
   * it again, so every trial starts from three hosts.
   */
  Trial trial(boolean crash) {
    List<Node> hosts = hostsByAge();
    Node active = hosts.get(0);
    Node successor = hosts.get(1);
    TaskRun<LoadSummary> load = client.start(FailoverTasks.LoadTask.class, new Load(SINGLETON, CLIENT_THREADS));
    try {
      client.run(FailoverTasks.AwaitAcksTask.class, new AwaitAcks(SINGLETON, 50, 120_000));
      if (tandem()) {
        awaitFollowing(client, successor, SINGLETON);
      }
      client.run(FailoverTasks.AwaitAcksTask.class, new AwaitAcks(SINGLETON, 20, 60_000));
      long fault = System.nanoTime();
      if (crash) {
        active.kill();
      } else {
        active.stop();
      }
      TakeoverSeen seen = client.run(FailoverTasks.AwaitTakeoverTask.class,
          new AwaitTakeover(SINGLETON, fault, active.address(), SETTLE_MS, 300_000));
      Optional<Report> report = tandem()
          ? Optional.of(successor.run(FailoverTasks.AwaitReportTask.class,
              new AwaitReport(SINGLETON, active.address(), 60_000)))
          : Optional.empty();
      return new Trial(variant, crash ? "crash" : "graceful", seen.firstNewAckMs(), seen.largestGapMs(), report);
    } finally {
      load.requestStop();
      load.await(Duration.ofSeconds(60));
      if (active.exitCode().isPresent()) {
        active.restart();
        active.run(FailoverTasks.InitTask.class, init);
      }
    }
  }

  /**
   * Waits until the standby of {@code name} on {@code successor} follows the journal as in steady
   * state, under the load running on {@code client}: it has applied what the client had seen
   * acknowledged, and the client saw few new acknowledgements meanwhile. (A standby that has just
   * started reads the whole journal first; reaching a head taken before that read is not enough.)
   */
  static void awaitFollowing(Node client, Node successor, String name) {
    for (int round = 0; round < 50; round++) {
      long head = client.run(FailoverTasks.AckedValueTask.class, name);
      successor.run(FailoverTasks.AwaitStandbyTask.class, new AwaitStandby(name, head, 1_800_000));
      if (client.run(FailoverTasks.AckedValueTask.class, name) - head < 50) {
        return;
      }
    }
    throw new IllegalStateException("the standby of " + name + " on " + successor.name()
        + " did not catch up with the load in 50 rounds");
  }

  /**
   * Commands per second with {@code window} commands in flight from the client node for {@code
   * seconds}.
   */
  double throughput(int window, double seconds) {
    return client.run(FailoverTasks.ThroughputTask.class, new FailoverTasks.Throughput(SINGLETON, window, seconds));
  }

  /**
   * The standbys' lag (µs per event, from the active's persist to the standby applying it) under
   * the client's steady load of {@value #CLIENT_THREADS} callers for {@code seconds}.
   */
  List<Long> standbyLag(double seconds) throws InterruptedException {
    if (!tandem()) {
      throw new IllegalStateException("raw Pekko has no standby");
    }
    TaskRun<LoadSummary> load = client.start(FailoverTasks.LoadTask.class, new Load(SINGLETON, CLIENT_THREADS));
    List<Long> samples = new ArrayList<>();
    try {
      client.run(FailoverTasks.AwaitAcksTask.class, new AwaitAcks(SINGLETON, 50, 120_000));
      List<Node> hosts = hostsByAge();
      for (Node host : hosts) {
        host.run(FailoverTasks.LagStartTask.class, SINGLETON);
      }
      Thread.sleep((long) (seconds * 1000));
      for (Node host : hosts) {
        samples.addAll(host.run(FailoverTasks.LagStopTask.class, SINGLETON));
      }
    } finally {
      load.requestStop();
      load.await(Duration.ofSeconds(60));
    }
    return samples;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
