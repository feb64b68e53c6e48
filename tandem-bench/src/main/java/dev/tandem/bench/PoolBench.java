package dev.tandem.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code bin/tandem bench pool}: runs {@link PoolThroughputBenchmark} for the three paths in
 * alternating rounds (each run in a fresh JVM, the order rotating every round, so drift on a
 * shared machine hits all three alike), takes each path's median over the rounds (a round's score
 * is the median of its measurement iterations), and prints one line:
 *
 * <pre>
 * BENCH pool.throughput tandem_msgs=&lt;n&gt; pekko_pool_msgs=&lt;n&gt; direct_msgs=&lt;n&gt; ratio_vs_pekko_pool=&lt;x&gt; ratio_vs_direct=&lt;y&gt;
 * </pre>
 *
 * Progress goes to stderr; stdout carries only that line. Optional argument: the number of rounds
 * (default 5). Optional system property {@code tandem.bench.deadline} (epoch milliseconds): stop
 * after the last round that fits before it, but after at least 3 rounds.
 */
public final class PoolBench {

  private static final String[] VARIANTS = {"tandem", "pekko-pool", "direct"};
  private static final int MIN_ROUNDS = 3;

  private PoolBench() {}

  public static void main(String[] args) throws RunnerException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1 (was " + rounds + ")");
    }
    Map<String, List<Double>> scores = new LinkedHashMap<>();
    for (String variant : VARIANTS) {
      scores.put(variant, new ArrayList<>());
    }
    // bin/tandem promises an answer within 5 minutes, build included, so it passes a deadline
    // (epoch milliseconds). On an overloaded machine a round takes longer: then the bench stops
    // after the last round that fits, but never before MIN_ROUNDS, and says so.
    long deadline = Long.getLong("tandem.bench.deadline", Long.MAX_VALUE);
    int done = 0;
    for (int round = 0; round < rounds; round++) {
      long roundStart = System.currentTimeMillis();
      for (int k = 0; k < VARIANTS.length; k++) {
        String variant = VARIANTS[(round + k) % VARIANTS.length];
        double score = run(variant);
        scores.get(variant).add(score);
        System.err.printf(Locale.ROOT, "tandem bench: round %d/%d %-10s %,.0f msg/s%n",
            round + 1, rounds, variant, score);
      }
      done++;
      long roundTook = System.currentTimeMillis() - roundStart;
      if (done >= MIN_ROUNDS && done < rounds && System.currentTimeMillis() + roundTook > deadline) {
        System.err.printf(Locale.ROOT,
            "tandem bench: stopping after %d of %d rounds to finish in time (the machine is slow now;"
                + " a round took %d s)%n", done, rounds, roundTook / 1000);
        break;
      }
    }
    double tandem = median(scores.get("tandem"));
    double pekkoPool = median(scores.get("pekko-pool"));
    double direct = median(scores.get("direct"));
    System.out.printf(Locale.ROOT,
        "BENCH pool.throughput tandem_msgs=%d pekko_pool_msgs=%d direct_msgs=%d ratio_vs_pekko_pool=%.2f ratio_vs_direct=%.2f%n",
        Math.round(tandem), Math.round(pekkoPool), Math.round(direct), tandem / pekkoPool, tandem / direct);
  }

  private static double run(String variant) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(PoolThroughputBenchmark.class.getName() + ".push")
        .param("variant", variant)
        .forks(1)
        // Tandem's path has more code for the JIT than a bare tell; on a loaded machine it needs
        // about 5 s before it is compiled, and measuring earlier would score the compiler.
        .warmupIterations(6)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(3)
        .measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .verbosity(VerboseMode.SILENT)
        .build();
    RunResult result = new Runner(options).runSingle();
    // The median of the run's measurement iterations: one iteration hit by another process's
    // burst on a shared machine should not drag the whole run.
    List<Double> iterations = new ArrayList<>();
    result.getBenchmarkResults().forEach(benchmark -> benchmark.getIterationResults()
        .forEach(iteration -> iterations.add(iteration.getPrimaryResult().getScore())));
    return median(iterations);
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
