package dev.tandem.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code bin/tandem bench supervision [--quick]}: runs {@link SupervisionRestartBenchmark} for
 * Tandem and for raw Pekko in alternating rounds (each run in a fresh JVM, the order swapped every
 * round, so drift on a shared machine hits both alike), takes each variant's median over the
 * rounds (a round's score is the median of its measurement iterations), and prints one line:
 *
 * <pre>
 * BENCH supervision.restart_latency tandem=&lt;t&gt;µs pekko=&lt;p&gt;µs ratio=&lt;t/p&gt; n=&lt;rounds&gt;
 * </pre>
 *
 * Progress goes to stderr; stdout carries only that line. {@code --quick} runs fewer and shorter
 * rounds (about a minute instead of about three). Optional system property {@code
 * tandem.bench.deadline} (epoch milliseconds): stop after the last round that fits before it, but
 * after at least {@link #MIN_ROUNDS} rounds.
 */
public final class SupervisionBench {

  private static final String[] VARIANTS = {"tandem", "pekko"};
  private static final int MIN_ROUNDS = 3;

  /**
   * What one call of {@link #measure} found.
   *
   * @param tandemMicros median restart latency under Tandem's supervisor, microseconds
   * @param pekkoMicros median restart latency under {@code Behaviors.supervise}, microseconds
   * @param rounds rounds measured; each round is one fresh JVM per variant
   * @param restarts restarts timed in the measurement iterations, both variants together
   * @param tandemRounds each round's Tandem figure (the median of its iterations), microseconds
   * @param pekkoRounds each round's Pekko figure, microseconds
   */
  public record Result(double tandemMicros, double pekkoMicros, int rounds, long restarts,
      List<Double> tandemRounds, List<Double> pekkoRounds) {

    /** Tandem's latency over Pekko's; the target is at most 1.2. */
    public double ratio() {
      return tandemMicros / pekkoMicros;
    }

    /** The BENCH line {@link SupervisionBench#main} prints. */
    public String benchLine() {
      return String.format(Locale.ROOT,
          "BENCH supervision.restart_latency tandem=%.1fµs pekko=%.1fµs ratio=%.2f n=%d",
          tandemMicros, pekkoMicros, ratio(), rounds);
    }
  }

  /** How much to run: rounds, and warm-up and measured seconds per JVM. */
  private record Plan(int rounds, int warmupSeconds, int measuredSeconds) {}

  // Calibrated on the 2-core machine: the restart path is compiled within the first warm-up
  // second (it runs some 20,000 times a second), and a benchmark JVM spends about 2 s starting
  // and stopping around its iterations. Quick: 3 rounds of 2 JVMs of 2 + 4 + 3 s, about a
  // minute. Normal: 7 rounds of 2 JVMs of 2 + 4 + 5 s, about 3 minutes, so that bin/tandem's
  // build and the bench together stay within about 4 minutes.
  private static final Plan NORMAL = new Plan(7, 4, 5);
  private static final Plan QUICK = new Plan(3, 4, 3);

  private SupervisionBench() {}

  public static void main(String[] args) throws RunnerException {
    boolean quick = false;
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else {
        System.err.println("usage: SupervisionBench [--quick]  (unknown argument '" + arg + "')");
        System.exit(2);
      }
    }
    String line = measure(quick).benchLine();
    // UTF-8 whatever the locale: the line's unit is "µs", and a C locale would print "?s".
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    out.println(line);
  }

  /**
   * Runs the benchmark in fresh JVMs and returns the medians; reports progress on stderr.
   *
   * @param quick fewer and shorter rounds: about a minute instead of about three
   * @throws RunnerException if a benchmark JVM fails, for instance because an invocation got a
   *     Pong from the wrong incarnation
   */
  public static Result measure(boolean quick) throws RunnerException {
    Plan plan = quick ? QUICK : NORMAL;
    Map<String, List<Double>> scores = new TreeMap<>();
    for (String variant : VARIANTS) {
      scores.put(variant, new ArrayList<>());
    }
    // bin/tandem promises an answer in time, build included, so it may pass a deadline (epoch
    // milliseconds). On an overloaded machine a round takes longer: then the bench stops after
    // the last round that fits, but never before MIN_ROUNDS, and says so.
    long deadline = Long.getLong("tandem.bench.deadline", Long.MAX_VALUE);
    long restarts = 0;
    int done = 0;
    for (int round = 0; round < plan.rounds(); round++) {
      long roundStart = System.currentTimeMillis();
      for (int k = 0; k < VARIANTS.length; k++) {
        String variant = VARIANTS[(round + k) % VARIANTS.length];
        long runStart = System.nanoTime();
        Run run = run(variant, plan);
        scores.get(variant).add(run.micros());
        restarts += run.restarts();
        System.err.printf(Locale.ROOT,
            "tandem bench: round %d/%d %-6s %.1f us per restart (%,d restarts timed; JVM took %.1f s)%n",
            round + 1, plan.rounds(), variant, run.micros(), run.restarts(),
            (System.nanoTime() - runStart) / 1e9);
      }
      done++;
      long roundTook = System.currentTimeMillis() - roundStart;
      if (done >= MIN_ROUNDS && done < plan.rounds() && System.currentTimeMillis() + roundTook > deadline) {
        System.err.printf(Locale.ROOT,
            "tandem bench: stopping after %d of %d rounds to finish in time (the machine is slow now;"
                + " a round took %d s)%n", done, plan.rounds(), roundTook / 1000);
        break;
      }
    }
    return new Result(
        PoolBench.median(scores.get("tandem")), PoolBench.median(scores.get("pekko")), done, restarts,
        List.copyOf(scores.get("tandem")), List.copyOf(scores.get("pekko")));
  }

  /** One JVM's score (median of its measurement iterations) and the restarts it timed. */
  private record Run(double micros, long restarts) {}

  private static Run run(String variant, Plan plan) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(SupervisionRestartBenchmark.class.getName() + ".restart")
        .param("variant", variant)
        .forks(1)
        .warmupIterations(plan.warmupSeconds())
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(plan.measuredSeconds())
        .measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .verbosity(VerboseMode.SILENT)
        .build();
    RunResult result = new Runner(options).runSingle();
    // The median of the run's iterations: one iteration hit by another process's burst on a
    // shared machine should not drag the whole run.
    List<Double> iterations = new ArrayList<>();
    long restarts = 0;
    for (var benchmark : result.getBenchmarkResults()) {
      for (IterationResult iteration : benchmark.getIterationResults()) {
        iterations.add(iteration.getPrimaryResult().getScore());
        restarts += iteration.getMetadata().getMeasuredOps();
      }
    }
    return new Run(PoolBench.median(iterations), restarts);
  }
}
