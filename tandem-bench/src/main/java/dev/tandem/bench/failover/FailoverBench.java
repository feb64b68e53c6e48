package dev.tandem.bench.failover;

import dev.tandem.bench.failover.BenchReport.Metric;
import dev.tandem.bench.failover.BenchReport.Statistic;
import dev.tandem.bench.failover.BenchCluster.Trial;
import dev.tandem.bench.failover.FailoverTasks.Report;
import dev.tandem.cluster.journal.JournalDialect;
import dev.tandem.cluster.journal.JournalSchema;
import dev.tandem.cluster.journal.JournalServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code bin/tandem bench failover}: Tandem's hot-warm singleton against a plain Cluster
 * Singleton around a plain {@code EventSourcedBehavior}, on the same journal, the same machine and
 * in the same run, trials alternating between them so that drift hits both. Prints one {@code
 * BENCH} line per metric on standard output (progress goes to standard error) and writes
 * benchmarks.md and benchmarks.json; see {@link FailoverOptions#USAGE}.
 *
 * <p>Metrics: {@code takeover.crash} (kill -9 of the active's JVM → first command acknowledged by
 * the new active, client-seen), {@code takeover.crash_sbr_defaults} (the same against raw Pekko
 * with the Split Brain Resolver's defaults), {@code takeover.graceful} (the active's node leaves:
 * the client's largest gap between acknowledgements), {@code takeover.journal_1k|100k|1m} (promotion
 * → first command served for journals of that length), {@code standby.lag_p99}, {@code
 * hotwarm.throughput} and {@code supervision.restart_latency}.
 *
 * <p>The system property {@code tandem.bench.phases} (a comma-separated subset of {@code
 * supervision, hotwarm, defaults, journal}) runs only those phases, for working on one of them; the
 * report then holds only their metrics. {@code tandem.bench.node-config} (HOCON) is added to every
 * bench node's configuration, for trying a setting (say, {@code tandem.hotwarm.client.retry-interval})
 * against the same workload.
 */
public final class FailoverBench {

  private static final int[] LENGTHS = {1_000, 100_000, 1_000_000};
  private static final String[] LENGTH_NAMES = {"1k", "100k", "1m"};

  private final FailoverOptions options;
  private final BenchReport report = new BenchReport();
  private final Path logs;
  /** Tandem's crash takeovers, also the Tandem side of the SBR-defaults comparison. */
  private Stats crashStats;

  private FailoverBench(FailoverOptions options) {
    this.options = options;
    this.logs = options.workDir().resolve("nodes");
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("tandem.root", ".")).toAbsolutePath().normalize();
    FailoverOptions options;
    try {
      options = FailoverOptions.parse(List.of(args), root);
    } catch (IllegalArgumentException e) {
      System.err.println("tandem bench failover: " + e.getMessage());
      System.err.println(FailoverOptions.USAGE);
      System.exit(2);
      return;
    }
    new FailoverBench(options).run();
    // Pekko's and the kit's non-daemon threads would keep the JVM up.
    System.exit(0);
  }

  private static boolean phase(String name) {
    String phases = System.getProperty("tandem.bench.phases", "");
    return phases.isBlank() || List.of(phases.split(",")).contains(name);
  }

  private static void progress(String line) {
    System.err.println("tandem bench: " + line);
  }

  private void run() throws Exception {
    long started = System.nanoTime();
    deleteRecursively(options.workDir());
    Files.createDirectories(options.workDir());
    progress((options.quick() ? "quick" : "full") + " run; node logs in " + logs);

    if (phase("supervision")) {
      supervision();
    }
    String journalName;
    JournalServerProcess h2 = null;
    String journalConfig;
    if (options.postgresUrl().isPresent()) {
      String url = options.postgresUrl().get();
      try (Connection c = DriverManager.getConnection(url, options.postgresUser(), options.postgresPassword())) {
        JournalSchema.ensure(c, JournalDialect.POSTGRES);
      }
      journalName = "PostgreSQL";
      journalConfig = "tandem.journal { url = \"" + url + "\", user = \"" + options.postgresUser()
          + "\", password = \"" + options.postgresPassword() + "\", slick-profile = \"slick.jdbc.PostgresProfile$\","
          + " driver = \"org.postgresql.Driver\" }\n";
    } else {
      h2 = JournalServerProcess.start(options.workDir().resolve("journal"), Duration.ofMinutes(2));
      journalName = "H2 server process";
      journalConfig = h2.config();
    }
    try {
      if (phase("hotwarm")) {
        hotWarm(journalConfig);
      }
      if (phase("defaults")) {
        sbrDefaults(journalConfig);
      }
      if (phase("journal")) {
        journalLengths(journalConfig);
      }
    } finally {
      if (h2 != null) {
        h2.close();
        deleteRecursively(h2.directory());
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    report.write(options.out(), options, journalName, minutes);
    progress(String.format(Locale.ROOT, "done in %.1f minutes; report: %s", minutes,
        options.out().resolve("benchmarks.md")));
  }

  // ---------------------------------------------------------------- supervision (JMH)

  private void supervision() throws Exception {
    progress("supervision restart latency (JMH, forked JVMs)");
    dev.tandem.bench.SupervisionBench.Result result = dev.tandem.bench.SupervisionBench.measure(options.quick());
    Stats tandem = Stats.of(result.tandemRounds());
    Stats pekko = Stats.of(result.pekkoRounds());
    report.add(new Metric("supervision.restart_latency", "µs", Statistic.MEDIAN, tandem, Optional.of(pekko),
        "ratio ≤ 1.2", Optional.of(tandem.median() / pekko.median() <= 1.2),
        details("measured as", "a child fails; the caller's next ask is answered by the restarted child",
            "rounds", result.rounds() + " (a fresh JVM per variant per round, alternating; each the median of its JMH iterations)",
            "restarts timed", result.restarts())));
  }

  // ---------------------------------------------------------------- hot-warm against raw Pekko

  private void hotWarm(String journalConfig) throws Exception {
    progress("starting the Tandem cluster and the raw Pekko cluster (4 JVMs each)");
    try (BenchCluster tandem = BenchCluster.start(Variant.TANDEM, journalConfig, logs);
        BenchCluster pekko = BenchCluster.start(Variant.PEKKO_TUNED, journalConfig, logs)) {
      throughput(tandem, pekko);
      lag(tandem);
      List<Trial> crashes = alternate(tandem, pekko, options.trials(), true);
      List<Trial> graceful = alternate(tandem, pekko, options.trials(), false);

      List<Trial> tandemCrashes = of(crashes, Variant.TANDEM);
      Stats tandemCrash = stats(tandemCrashes, Trial::firstNewAckMs);
      Stats pekkoCrash = stats(of(crashes, Variant.PEKKO_TUNED), Trial::firstNewAckMs);
      double ratio = tandemCrash.median() / pekkoCrash.median();
      Map<String, Object> detail = details(
          "Tandem largest gap between acks (median)", ms(stats(tandemCrashes, Trial::largestGapMs).median()),
          "raw Pekko largest gap (median)", ms(stats(of(crashes, Variant.PEKKO_TUNED), Trial::largestGapMs).median()));
      detail.putAll(timeline(tandemCrashes));
      report.add(new Metric("takeover.crash", "ms", Statistic.MEDIAN, tandemCrash, Optional.of(pekkoCrash),
          "≤ 2000 ms and ≤ 0.25 × raw Pekko (fast timings)",
          Optional.of(tandemCrash.median() <= 2000 && ratio <= 0.25), detail));
      crashStats = tandemCrash;

      List<Trial> tandemLeaves = of(graceful, Variant.TANDEM);
      Stats tandemGap = stats(tandemLeaves, Trial::largestGapMs);
      Stats pekkoGap = stats(of(graceful, Variant.PEKKO_TUNED), Trial::largestGapMs);
      Map<String, Object> gracefulDetail = details(
          "measured as", "the client's largest gap between consecutive acknowledgements around the leave",
          "Tandem fault → first ack from the new active (median)", ms(stats(tandemLeaves, Trial::firstNewAckMs).median()),
          "raw Pekko fault → first ack from the new singleton (median)",
          ms(stats(of(graceful, Variant.PEKKO_TUNED), Trial::firstNewAckMs).median()));
      gracefulDetail.putAll(timeline(tandemLeaves));
      report.add(new Metric("takeover.graceful", "ms", Statistic.MEDIAN, tandemGap, Optional.of(pekkoGap),
          "≤ 250 ms", Optional.of(tandemGap.median() <= 250), gracefulDetail));
      report.extra("trials", Stream.concat(crashes.stream(), graceful.stream()).map(FailoverBench::trialData).toList());
    }
  }

  private void throughput(BenchCluster tandem, BenchCluster pekko) {
    int rounds = options.quick() ? 3 : 5;
    double seconds = options.quick() ? 4 : 10;
    int window = 32;
    progress("throughput: warm-up, then " + rounds + " alternating rounds of " + seconds + " s, "
        + window + " commands in flight");
    tandem.throughput(window, seconds);
    pekko.throughput(window, seconds);
    List<Double> t = new ArrayList<>();
    List<Double> p = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      boolean tandemFirst = r % 2 == 0;
      if (tandemFirst) {
        t.add(tandem.throughput(window, seconds));
      }
      p.add(pekko.throughput(window, seconds));
      if (!tandemFirst) {
        t.add(tandem.throughput(window, seconds));
      }
      progress(String.format(Locale.ROOT, "throughput round %d: tandem %.0f/s, pekko %.0f/s",
          r + 1, t.get(r), p.get(r)));
    }
    Stats ts = Stats.of(t);
    Stats ps = Stats.of(p);
    report.add(new Metric("hotwarm.throughput", "cmd/s", Statistic.MEDIAN, ts, Optional.of(ps), "ratio ≥ 0.9",
        Optional.of(ts.median() / ps.median() >= 0.9),
        details("commands in flight", window, "seconds per round", seconds,
            "Tandem", "persist + command-id memory + 2 warm standbys polling the journal",
            "raw Pekko", "EventSourcedBehavior in a Cluster Singleton, asked through the singleton proxy")));
  }

  private void lag(BenchCluster tandem) throws InterruptedException {
    double seconds = options.quick() ? 10 : 30;
    progress("standby lag: " + seconds + " s of steady load (4 callers, one command each at a time)");
    List<Double> lagMs = tandem.standbyLag(seconds).stream().map(us -> us / 1000.0).toList();
    if (lagMs.isEmpty()) {
      throw new IllegalStateException("no standby recorded any lag sample");
    }
    Stats stats = Stats.of(lagMs).summary();
    report.add(new Metric("standby.lag_p99", "ms", Statistic.P99, stats, Optional.empty(), "≤ 100 ms",
        Optional.of(stats.p99() <= 100),
        details("p50", ms(stats.median()), "p90", ms(stats.p90()), "max", ms(stats.max()),
            "samples (events × standbys)", stats.n(),
            "measured as", "the active's clock when it persists → the standby's clock when it applies (same machine)")));
  }

  private List<Trial> alternate(BenchCluster tandem, BenchCluster pekko, int trials, boolean crash) {
    List<Trial> all = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      List<BenchCluster> order = i % 2 == 0 ? List.of(tandem, pekko) : List.of(pekko, tandem);
      for (BenchCluster cluster : order) {
        Trial trial = cluster.trial(crash);
        all.add(trial);
        progress(String.format(Locale.ROOT, "%s %d/%d %s: first ack from the new active after %.0f ms,"
                + " largest gap %.0f ms%s", trial.fault(), i + 1, trials, cluster.variant.label,
            trial.firstNewAckMs(), trial.largestGapMs(), trial.report().map(r -> " | " + r.line()).orElse("")));
      }
    }
    return all;
  }

  private void sbrDefaults(String journalConfig) {
    progress("raw Pekko with the Split Brain Resolver's defaults: " + options.defaultsTrials()
        + " crash trial(s), about a minute each");
    List<Trial> trials = new ArrayList<>();
    try (BenchCluster pekko = BenchCluster.start(Variant.PEKKO_DEFAULTS, journalConfig, logs)) {
      for (int i = 0; i < options.defaultsTrials(); i++) {
        Trial trial = pekko.trial(true);
        trials.add(trial);
        progress(String.format(Locale.ROOT, "crash %d/%d %s: first ack from the new singleton after %.0f ms",
            i + 1, options.defaultsTrials(), Variant.PEKKO_DEFAULTS.label, trial.firstNewAckMs()));
      }
    }
    Stats pekko = stats(trials, Trial::firstNewAckMs);
    if (crashStats == null) {
      progress("takeover.crash_sbr_defaults needs the hotwarm phase's Tandem crash trials: not reported");
      return;
    }
    report.add(new Metric("takeover.crash_sbr_defaults", "ms", Statistic.MEDIAN, crashStats, Optional.of(pekko),
        "(context: what a Pekko user gets without tuning)", Optional.empty(),
        details("Tandem", "the takeover.crash trials (fast preset)",
            "raw Pekko", "SBR keep-majority, stable-after 20 s, failure detector 1 s / 3 s")));
    report.extra("sbr_defaults_trials", trials.stream().map(FailoverBench::trialData).toList());
  }

  // ---------------------------------------------------------------- journal length

  private void journalLengths(String journalConfig) {
    List<JournalLengthBench.Result> results = new ArrayList<>();
    for (int i = 0; i < LENGTHS.length; i++) {
      progress("journal of " + LENGTHS[i] + " events: seeding, then " + options.lengthTrials() + " takeover(s)");
      JournalLengthBench.Result result =
          JournalLengthBench.run(LENGTHS[i], options.lengthTrials(), journalConfig, logs, FailoverBench::progress);
      results.add(result);
      Stats tandem = Stats.of(result.tandem());
      Stats pekkoEvents = Stats.of(result.pekkoEvents());
      Stats pekkoSnapshot = Stats.of(result.pekkoSnapshot());
      Optional<Boolean> met = Optional.empty();
      String goal = "—";
      if (i > 0) {
        double first = Stats.of(results.get(0).tandem()).median();
        goal = "≤ 1.1 × takeover.journal_1k (Tandem)";
        met = Optional.of(tandem.median() <= 1.1 * first);
      }
      long replayed = result.reports().stream().mapToLong(Report::eventsReplayed).max().orElse(-1);
      long warm = result.reports().stream().filter(Report::warm).count();
      report.add(new Metric("takeover.journal_" + LENGTH_NAMES[i], "ms", Statistic.MEDIAN, tandem,
          Optional.of(pekkoEvents), goal, met,
          details("measured as", "promotion → first command served",
              "raw Pekko recovering from a snapshot at the journal's end (median)", ms(pekkoSnapshot.median()),
              "Tandem events replayed (max)", replayed,
              "Tandem warm takeovers", warm + "/" + result.reports().size(),
              "Tandem snapshots", "off (a warm takeover reads neither snapshots nor the journal before the standby's position)",
              "seeding both journals", result.seedMs() + " ms")));
    }
    report.extra("journal_lengths", results);
  }

  // ---------------------------------------------------------------- helpers

  private static List<Trial> of(List<Trial> trials, Variant variant) {
    return trials.stream().filter(t -> t.variant() == variant).toList();
  }

  private static Stats stats(List<Trial> trials, Function<Trial, Double> value) {
    return Stats.of(trials.stream().map(value).toList());
  }

  /** Medians of the new active's timeline (ms after the first sign of trouble it saw). */
  private static Map<String, Object> timeline(List<Trial> trials) {
    List<Report> reports = trials.stream().flatMap(t -> t.report().stream()).toList();
    Map<String, Object> timeline = new LinkedHashMap<>();
    if (reports.isEmpty()) {
      return timeline;
    }
    timeline.put("Tandem promoted (median ms after the first sign)",
        ms(Stats.of(reports.stream().map(r -> (double) r.promotedMs()).toList()).median()));
    timeline.put("Tandem recovered (median)", ms(Stats.of(reports.stream().map(r -> (double) r.recoveredMs()).toList()).median()));
    timeline.put("Tandem epoch written (median)", ms(Stats.of(reports.stream().map(r -> (double) r.epochWrittenMs()).toList()).median()));
    timeline.put("Tandem first served (median)", ms(Stats.of(reports.stream().map(r -> (double) r.firstServedMs()).toList()).median()));
    timeline.put("Tandem warm takeovers", reports.stream().filter(Report::warm).count() + "/" + reports.size());
    timeline.put("Tandem events replayed (max)", reports.stream().mapToLong(Report::eventsReplayed).max().orElse(0));
    return timeline;
  }

  private static Map<String, Object> trialData(Trial t) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("variant", t.variant().name().toLowerCase(Locale.ROOT));
    data.put("fault", t.fault());
    data.put("first_new_ack_ms", t.firstNewAckMs());
    data.put("largest_gap_ms", t.largestGapMs());
    t.report().ifPresent(r -> data.put("report", r.line()));
    return data;
  }

  private static String ms(double value) {
    return BenchReport.format(value) + " ms";
  }

  private static Map<String, Object> details(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
    }
    return map;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
