package dev.tandem.bench.clusterpool;

import dev.tandem.bench.clusterpool.BenchTasks.Drive;
import dev.tandem.bench.clusterpool.BenchTasks.Driven;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.TaskRun;
import dev.tandem.testkit.multinode.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/tandem bench cluster-pool}: the throughput of a cluster pool on 3 nodes against the
 * same pool on 1 node, same workload, same run.
 *
 * <p>Three node JVMs are started by the multi-node kit and form one cluster. Two pools run in it
 * with default settings (4 workers per node, round-robin): {@code one} has workers on node-1 only
 * and is driven from node-1; {@code three} has workers on every node and is driven from every node.
 * The workload is the same for both: {@value #CALLERS} closed-loop callers in all (each asks one
 * job and, on its outcome, the next), split evenly over the driving nodes. Two kinds of job:
 *
 * <ul>
 *   <li>{@code wait}: the handler blocks {@value #WAIT_MS} ms, standing for the blocking call (a
 *       database query, an HTTP request) a worker pool usually exists for. Extra nodes add workers,
 *       so this shows what they add while the CPU is not the limit.
 *   <li>{@code trivial}: the handler only replies. This measures the pool's own cost per job; on a
 *       machine with fewer cores than JVMs extra nodes cannot add CPU, only serialization and
 *       network hops.
 * </ul>
 *
 * <p>Each round measures the four combinations (warm-up, then a window that starts on all
 * driving nodes at a barrier), in an order that rotates every round so drift on a shared machine
 * hits them alike; figures are medians over rounds. Progress, per-round figures, CPU per job and
 * where the jobs ran go to stderr; stdout gets one line:
 *
 * <pre>
 * BENCH cluster_pool.throughput nodes3_jobs_per_s=&lt;n&gt; nodes1_jobs_per_s=&lt;n&gt; ratio=&lt;x&gt; rounds=&lt;n&gt; job_wait_ms=5 trivial_nodes3_jobs_per_s=&lt;n&gt; trivial_nodes1_jobs_per_s=&lt;n&gt; trivial_ratio=&lt;x&gt;
 * </pre>
 *
 * Optional argument: rounds (default 5). System property {@code tandem.bench.deadline} (epoch
 * milliseconds): stop after the last round that fits before it, but after at least 3 rounds. Any
 * failed job voids the run (exit 1): figures are only reported for runs where every job succeeded.
 */
public final class ClusterPoolBench {

  static final int CALLERS = 48;
  static final long WAIT_MS = 5;
  private static final long WARMUP_MS = 2_000;
  private static final long MEASURE_MS = 4_000;
  /**
   * The unrecorded first pass is longer: C2 needs about 10 s of load before the cross-node path
   * (Jackson, Artery) is compiled; rounds measured earlier showed twice the CPU per job.
   */
  private static final long FIRST_PASS_MS = 8_000;
  private static final int MIN_ROUNDS = 3;

  /** Node configuration: the bench's messages travel as Jackson CBOR; no journal is needed. */
  static final String CONFIG = """
      pekko.actor.serialization-bindings {
        "dev.tandem.bench.clusterpool.BenchTasks$BenchMessage" = jackson-cbor
      }
      tandem.journal.start-at-boot = off
      """;

  private record Variant(String pool, String workload, long waitMs) {
    String label() {
      return (pool.equals("one") ? "1 node " : "3 nodes") + " " + workload;
    }
  }

  private static final List<Variant> VARIANTS = List.of(
      new Variant("three", "wait", WAIT_MS),
      new Variant("one", "wait", WAIT_MS),
      new Variant("three", "trivial", 0),
      new Variant("one", "trivial", 0));

  private ClusterPoolBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1 (was " + rounds + ")");
    }
    long deadline = Long.getLong("tandem.bench.deadline", Long.MAX_VALUE);
    Path logs = Path.of(System.getProperty("tandem.bench.logs", ".tandem/bench/cluster-pool"));
    long began = System.nanoTime();
    ClusterSpec spec = ClusterSpec.processes(3)
        .withName("cluster-pool-bench")
        .withConfig(CONFIG)
        // Full JIT (the kit's defaults favour start-up: C1 only), a fixed heap, and the serial
        // collector: three JVMs share two cores, so no collector threads competing with them.
        .withSettings(s -> s.withLogDirectory(logs)
            .withJvmOptions(List.of("-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-Xss512k", "-XX:-UsePerfData")));
    try (TestCluster cluster = spec.start()) {
      System.err.printf(Locale.ROOT, "tandem bench: 3 node JVMs up in %d s (logs in %s)%n",
          (System.nanoTime() - began) / 1_000_000_000, cluster.runDirectory());
      Node first = cluster.node(1);
      first.run(BenchTasks.StartPoolTask.class, new BenchTasks.StartPool("one", 4));
      for (Node n : cluster.nodes()) {
        n.run(BenchTasks.StartPoolTask.class, new BenchTasks.StartPool("three", 4));
      }
      first.run(BenchTasks.AwaitLiveTask.class, new BenchTasks.AwaitLive("one", 1));
      for (Node n : cluster.nodes()) {
        n.run(BenchTasks.AwaitLiveTask.class, new BenchTasks.AwaitLive("three", 3));
      }
      // One unrecorded pass over every variant: the JIT compiles the paths before any is measured.
      for (Variant v : VARIANTS) {
        Sample s = measure(cluster, v, "warm-" + v.pool() + "-" + v.workload(), FIRST_PASS_MS);
        System.err.printf(Locale.ROOT, "tandem bench: warm-up  %-15s %,8.0f jobs/s%n", v.label(), s.jobsPerSecond);
      }
      Map<Variant, List<Sample>> samples = new LinkedHashMap<>();
      VARIANTS.forEach(v -> samples.put(v, new ArrayList<>()));
      int done = 0;
      for (int round = 0; round < rounds; round++) {
        long roundStart = System.currentTimeMillis();
        for (int k = 0; k < VARIANTS.size(); k++) {
          Variant v = VARIANTS.get((round + k) % VARIANTS.size());
          Sample s = measure(cluster, v, "r" + round + "-" + v.pool() + "-" + v.workload(), MEASURE_MS);
          samples.get(v).add(s);
          System.err.printf(Locale.ROOT, "tandem bench: round %d/%d %-15s %,8.0f jobs/s  3 JVMs: %.2f cores busy, %.0f CPU-µs/job%n",
              round + 1, rounds, v.label(), s.jobsPerSecond, s.cores, s.cpuMicrosPerJob);
        }
        done++;
        long roundTook = System.currentTimeMillis() - roundStart;
        if (done >= MIN_ROUNDS && done < rounds && System.currentTimeMillis() + roundTook > deadline) {
          System.err.printf(Locale.ROOT, "tandem bench: stopping after %d of %d rounds to finish in time"
              + " (the machine is slow now; a round took %d s)%n", done, rounds, roundTook / 1000);
          break;
        }
      }
      for (String name : List.of("one", "three")) {
        System.err.println("tandem bench: jobs submitted through node-1 to pool '" + name + "' ran on "
            + first.run(BenchTasks.ReadDistribution.class, name));
      }
      double wait3 = median(samples.get(VARIANTS.get(0)), Sample::jobsPerSecond);
      double wait1 = median(samples.get(VARIANTS.get(1)), Sample::jobsPerSecond);
      double triv3 = median(samples.get(VARIANTS.get(2)), Sample::jobsPerSecond);
      double triv1 = median(samples.get(VARIANTS.get(3)), Sample::jobsPerSecond);
      for (Variant v : VARIANTS) {
        System.err.printf(Locale.ROOT, "tandem bench: median %-15s %,8.0f jobs/s  3 JVMs: %.2f cores busy, %.0f CPU-µs/job%n",
            v.label(), median(samples.get(v), Sample::jobsPerSecond), median(samples.get(v), Sample::cores),
            median(samples.get(v), Sample::cpuMicrosPerJob));
      }
      // 4 workers per node, each holding its thread WAIT_MS per job.
      System.err.printf(Locale.ROOT, "tandem bench: the workers' own bound for wait jobs: %d jobs/s on 1 node, %d on 3%n",
          4 * 1000 / WAIT_MS, 3 * 4 * 1000 / WAIT_MS);
      System.out.printf(Locale.ROOT,
          "BENCH cluster_pool.throughput nodes3_jobs_per_s=%d nodes1_jobs_per_s=%d ratio=%.2f rounds=%d job_wait_ms=%d"
              + " trivial_nodes3_jobs_per_s=%d trivial_nodes1_jobs_per_s=%d trivial_ratio=%.2f%n",
          Math.round(wait3), Math.round(wait1), wait3 / wait1, done, WAIT_MS,
          Math.round(triv3), Math.round(triv1), triv3 / triv1);
    }
  }

  /**
   * One measurement: throughput in the window; CPU of all three JVMs over the whole run (warm-up
   * and tail included) per job and as cores busy (2.0 is all of this machine's two cores).
   */
  private record Sample(double jobsPerSecond, double cpuMicrosPerJob, double cores) {}

  private static Sample measure(TestCluster cluster, Variant v, String barrier, long measureMs) {
    List<Node> drivers = v.pool().equals("one") ? List.of(cluster.node(1)) : cluster.nodes();
    List<String> names = drivers.stream().map(Node::name).toList();
    long cpuBefore = cpuNanos(cluster);
    long wallBefore = System.nanoTime();
    List<TaskRun<Driven>> runs = new ArrayList<>();
    for (Node n : drivers) {
      runs.add(n.start(BenchTasks.DriveTask.class, new Drive(v.pool(), CALLERS / drivers.size(), v.waitMs(),
          WARMUP_MS, measureMs, barrier, names)));
    }
    double rate = 0;
    long total = 0;
    for (TaskRun<Driven> run : runs) {
      Driven d = run.await(Duration.ofSeconds(120));
      if (d.failed() > 0) {
        throw new IllegalStateException(d.failed() + " jobs failed on " + run.node().name() + " (" + v.label()
            + "), e.g. " + d.firstFailure() + ": no figure is reported for a run with failures");
      }
      rate += d.completedInWindow() * 1e9 / d.windowNanos();
      total += d.completedTotal();
    }
    long cpuAfter = cpuNanos(cluster);
    long wall = System.nanoTime() - wallBefore;
    boolean known = cpuBefore >= 0 && cpuAfter >= 0 && total > 0;
    return new Sample(rate, known ? (cpuAfter - cpuBefore) / 1000.0 / total : Double.NaN,
        known ? (double) (cpuAfter - cpuBefore) / wall : Double.NaN);
  }

  /** User plus system CPU time of the node processes so far, from /proc (Linux); -1 if unknown. */
  private static long cpuNanos(TestCluster cluster) {
    long ticks = 0;
    for (Node n : cluster.nodes()) {
      long pid = n.pid().orElseThrow();
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name, which is in parentheses and may contain spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
    // USER_HZ is 100 on every Linux the JDK supports.
    return ticks * 10_000_000L;
  }

  private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> figure) {
    double[] sorted = samples.stream().mapToDouble(figure).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
