package dev.tandem.bench.failover;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The failover bench's command line.
 *
 * @param quick fewer trials and no snapshot variants of Tandem's journal-length runs (under 10
 *     minutes); the full run is what docs/benchmarks.md publishes
 * @param trials crash and graceful trials per subject
 * @param defaultsTrials crash trials of raw Pekko with the Split Brain Resolver's defaults (~50 s each)
 * @param lengthTrials takeovers per journal length
 * @param out where the report (benchmarks.md, benchmarks.json) is written
 * @param workDir node logs and the H2 journal's files (deleted at the end)
 * @param postgresUrl the PostgreSQL journal to use instead of an H2 server process
 */
record FailoverOptions(
    boolean quick,
    int trials,
    int defaultsTrials,
    int lengthTrials,
    Path out,
    Path workDir,
    Optional<String> postgresUrl,
    String postgresUser,
    String postgresPassword) {

  static final String USAGE = """
      usage: bin/tandem bench failover [--quick] [--trials N] [--out DIR]
                                       [--journal postgres --jdbc-url URL [--jdbc-user U --jdbc-password P]]
        --quick      3 crash and 3 graceful trials per subject, 1 with SBR defaults, 1 per journal length,
                     no snapshot variants for Tandem; about 10 minutes. Writes .tandem/bench/ unless --out.
        (default)    10 trials each (10 with SBR defaults, 3 per journal length, snapshots on and off);
                     about 45 minutes. Writes docs/benchmarks.md and docs/benchmarks.json unless --out.
        --trials N   crash and graceful trials per subject (at least 1)
        --journal    h2 (default: an H2 server process started by the bench) or postgres""";

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  static FailoverOptions parse(List<String> args, Path root) {
    boolean quick = false;
    Integer trials = null;
    Path out = null;
    String journal = "h2";
    String url = null;
    String user = "tandem";
    String password = "tandem";
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--quick" -> quick = true;
        case "--trials" -> {
          String value = value(args, ++i, arg);
          try {
            trials = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            trials = 0;
          }
          if (trials < 1) {
            throw new IllegalArgumentException("--trials must be a positive number (was '" + value + "')");
          }
        }
        case "--out" -> out = Path.of(value(args, ++i, arg));
        case "--journal" -> {
          journal = value(args, ++i, arg);
          if (!journal.equals("h2") && !journal.equals("postgres")) {
            throw new IllegalArgumentException("--journal must be h2 or postgres (was '" + journal + "')");
          }
        }
        case "--jdbc-url" -> url = value(args, ++i, arg);
        case "--jdbc-user" -> user = value(args, ++i, arg);
        case "--jdbc-password" -> password = value(args, ++i, arg);
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    if (journal.equals("postgres") && (url == null || !url.startsWith("jdbc:postgresql:"))) {
      throw new IllegalArgumentException("--journal postgres needs --jdbc-url jdbc:postgresql://...");
    }
    if (journal.equals("h2") && url != null) {
      throw new IllegalArgumentException("--jdbc-url is for --journal postgres");
    }
    int n = trials != null ? trials : quick ? 3 : 10;
    return new FailoverOptions(
        quick,
        n,
        quick ? 1 : n,
        quick ? 1 : 3,
        out != null ? out : quick ? root.resolve(".tandem/bench") : root.resolve("docs"),
        root.resolve(".tandem/bench/run"),
        Optional.ofNullable(journal.equals("postgres") ? url : null),
        user,
        password);
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(i);
  }
}
