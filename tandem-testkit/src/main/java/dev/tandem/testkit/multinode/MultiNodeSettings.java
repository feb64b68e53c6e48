package dev.tandem.testkit.multinode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The kit's own settings, from {@code tandem.testkit.multinode} in {@code reference.conf} (every
 * key is documented there). Read once; change with the {@code withX} methods.
 *
 * @param nodeStartTimeout bound from launching a node until its ActorSystem runs
 * @param formationTimeout bound on the initial cluster formation
 * @param awaitTimeout default bound on view waits and on a restarted node rejoining
 * @param taskTimeout default bound on running a task on a node
 * @param barrierTimeout default bound on a barrier
 * @param stopTimeout bound on a graceful stop and on a process exiting
 * @param logDirectory where node logs go (one sub-directory per cluster run)
 * @param logTailLines log lines per node attached to a failed test's report
 * @param java the java launcher for nodes; empty for the one running the tests
 * @param jvmOptions JVM options for every node process
 * @param portRangeStart first port a node may get
 * @param portRangeEnd one past the last port a node may get
 * @param nodeDefaults Pekko configuration every node starts with
 */
public record MultiNodeSettings(
    Duration nodeStartTimeout,
    Duration formationTimeout,
    Duration awaitTimeout,
    Duration taskTimeout,
    Duration barrierTimeout,
    Duration stopTimeout,
    Path logDirectory,
    int logTailLines,
    String java,
    List<String> jvmOptions,
    int portRangeStart,
    int portRangeEnd,
    Config nodeDefaults) {

  private static final String PREFIX = "tandem.testkit.multinode.";

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public MultiNodeSettings {
    positive(nodeStartTimeout, "node-start-timeout");
    positive(formationTimeout, "formation-timeout");
    positive(awaitTimeout, "await-timeout");
    positive(taskTimeout, "task-timeout");
    positive(barrierTimeout, "barrier-timeout");
    positive(stopTimeout, "stop-timeout");
    Objects.requireNonNull(logDirectory, "logDirectory");
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(nodeDefaults, "nodeDefaults");
    jvmOptions = List.copyOf(jvmOptions);
    if (logTailLines < 0) {
      throw new IllegalArgumentException(PREFIX + "log-tail-lines must be 0 or more, was " + logTailLines);
    }
    if (portRangeStart < 1024 || portRangeEnd > 65536 || portRangeEnd - portRangeStart < 16) {
      throw new IllegalArgumentException(PREFIX + "port-range-start/port-range-end must span at least 16 ports"
          + " within 1024-65535, was [" + portRangeStart + ", " + portRangeEnd + ")");
    }
  }

  private static void positive(Duration d, String key) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(PREFIX + key + " must be positive, was " + d);
    }
  }

  /** The settings from the default configuration ({@code application.conf}, {@code reference.conf}). */
  public static MultiNodeSettings create() {
    return create(ConfigFactory.load());
  }

  /**
   * The settings under {@code tandem.testkit.multinode} of {@code config}.
   *
   * @throws ConfigException naming the missing or mistyped key
   * @throws IllegalArgumentException naming a key whose value is out of range
   */
  public static MultiNodeSettings create(Config config) {
    Config c = config.getConfig("tandem.testkit.multinode");
    return new MultiNodeSettings(
        c.getDuration("node-start-timeout"),
        c.getDuration("formation-timeout"),
        c.getDuration("await-timeout"),
        c.getDuration("task-timeout"),
        c.getDuration("barrier-timeout"),
        c.getDuration("stop-timeout"),
        Path.of(c.getString("log-directory")),
        c.getInt("log-tail-lines"),
        c.getString("java"),
        c.getStringList("jvm-options"),
        c.getInt("port-range-start"),
        c.getInt("port-range-end"),
        c.getConfig("node-defaults"));
  }

  public MultiNodeSettings withNodeStartTimeout(Duration d) {
    return new MultiNodeSettings(d, formationTimeout, awaitTimeout, taskTimeout, barrierTimeout, stopTimeout,
        logDirectory, logTailLines, java, jvmOptions, portRangeStart, portRangeEnd, nodeDefaults);
  }

  public MultiNodeSettings withFormationTimeout(Duration d) {
    return new MultiNodeSettings(nodeStartTimeout, d, awaitTimeout, taskTimeout, barrierTimeout, stopTimeout,
        logDirectory, logTailLines, java, jvmOptions, portRangeStart, portRangeEnd, nodeDefaults);
  }

  public MultiNodeSettings withAwaitTimeout(Duration d) {
    return new MultiNodeSettings(nodeStartTimeout, formationTimeout, d, taskTimeout, barrierTimeout, stopTimeout,
        logDirectory, logTailLines, java, jvmOptions, portRangeStart, portRangeEnd, nodeDefaults);
  }

  public MultiNodeSettings withTaskTimeout(Duration d) {
    return new MultiNodeSettings(nodeStartTimeout, formationTimeout, awaitTimeout, d, barrierTimeout, stopTimeout,
        logDirectory, logTailLines, java, jvmOptions, portRangeStart, portRangeEnd, nodeDefaults);
  }

  public MultiNodeSettings withBarrierTimeout(Duration d) {
    return new MultiNodeSettings(nodeStartTimeout, formationTimeout, awaitTimeout, taskTimeout, d, stopTimeout,
        logDirectory, logTailLines, java, jvmOptions, portRangeStart, portRangeEnd, nodeDefaults);
  }

  public MultiNodeSettings withStopTimeout(Duration d) {
    return new MultiNodeSettings(nodeStartTimeout, formationTimeout, awaitTimeout, taskTimeout, barrierTimeout, d,
        logDirectory, logTailLines, java, jvmOptions, portRangeStart, portRangeEnd, nodeDefaults);
  }

  public MultiNodeSettings withLogDirectory(Path dir) {
    return new MultiNodeSettings(nodeStartTimeout, formationTimeout, awaitTimeout, taskTimeout, barrierTimeout,
        stopTimeout, dir, logTailLines, java, jvmOptions, portRangeStart, portRangeEnd, nodeDefaults);
  }

  public MultiNodeSettings withLogTailLines(int lines) {
    return new MultiNodeSettings(nodeStartTimeout, formationTimeout, awaitTimeout, taskTimeout, barrierTimeout,
        stopTimeout, logDirectory, lines, java, jvmOptions, portRangeStart, portRangeEnd, nodeDefaults);
  }

  /** Replaces the JVM options of every node process. */
  public MultiNodeSettings withJvmOptions(List<String> options) {
    return new MultiNodeSettings(nodeStartTimeout, formationTimeout, awaitTimeout, taskTimeout, barrierTimeout,
        stopTimeout, logDirectory, logTailLines, java, options, portRangeStart, portRangeEnd, nodeDefaults);
  }

  public MultiNodeSettings withPortRange(int start, int end) {
    return new MultiNodeSettings(nodeStartTimeout, formationTimeout, awaitTimeout, taskTimeout, barrierTimeout,
        stopTimeout, logDirectory, logTailLines, java, jvmOptions, start, end, nodeDefaults);
  }

  /** Adds {@code options} after the current JVM options. */
  public MultiNodeSettings withAdditionalJvmOptions(String... options) {
    List<String> all = new ArrayList<>(jvmOptions);
    all.addAll(List.of(options));
    return withJvmOptions(all);
  }
}
