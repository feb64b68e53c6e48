package dev.tandem.testkit.multinode.internal;

import com.typesafe.config.ConfigRenderOptions;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.MultiNodeSettings;
import dev.tandem.testkit.multinode.NodeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node as a JVM process started from the test's own classpath. Its stdout and stderr go to
 * {@code <run dir>/<node>.log}, appended across incarnations; the classpath is passed in an
 * argument file so process listings stay readable.
 */
final class JvmNodeProcess implements NodeProcess {

  private final Process process;
  private final Path log;

  private JvmNodeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static JvmNodeProcess launch(ClusterSpec cluster, NodeSpec node, int port, String token, int controlPort, Path runDir)
      throws IOException {
    MultiNodeSettings settings = cluster.settings();
    Path configFile = runDir.resolve(node.name() + ".conf");
    Files.writeString(configFile,
        NodeConfig.of(cluster, node, port).root().render(ConfigRenderOptions.defaults().setOriginComments(false)),
        StandardCharsets.UTF_8);
    Path argFile = runDir.resolve("classpath.args");
    synchronized (JvmNodeProcess.class) {
      if (!Files.exists(argFile)) {
        Files.writeString(argFile, "-cp \"" + escape(classpath()) + "\"\n", StandardCharsets.UTF_8);
      }
    }
    Path log = runDir.resolve(node.name() + ".log");
    Files.writeString(log, "=== " + LocalTime.now() + " tandem test kit: starting " + node.name() + " on port " + port
        + " ===\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

    List<String> command = new ArrayList<>();
    command.add(settings.java().isEmpty() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : settings.java());
    command.addAll(settings.jvmOptions());
    command.addAll(node.jvmOptions());
    if (!node.systemProperties().containsKey("logback.configurationFile")) {
      command.add("-Dlogback.configurationFile=tandem-testkit-node-logback.xml");
    }
    for (Map.Entry<String, String> p : node.systemProperties().entrySet()) {
      command.add("-D" + p.getKey() + "=" + p.getValue());
    }
    command.add("-D" + NodeMain.NAME + "=" + node.name());
    command.add("-D" + NodeMain.SYSTEM + "=" + cluster.name());
    command.add("-D" + NodeMain.TOKEN + "=" + token);
    command.add("-D" + NodeMain.CONTROL_PORT + "=" + controlPort);
    command.add("-D" + NodeMain.CONFIG_FILE + "=" + configFile.toAbsolutePath());
    command.add("-D" + NodeMain.BARRIER_TIMEOUT + "=" + settings.barrierTimeout().toMillis());
    command.add("@" + argFile.toAbsolutePath());
    command.add(NodeMain.class.getName());

    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    ProcessReaper.register(process.toHandle());
    process.onExit().thenRun(() -> ProcessReaper.unregister(process.toHandle()));
    return new JvmNodeProcess(process, log);
  }

  private static String classpath() {
    String cp = System.getProperty("java.class.path", "");
    if (cp.isEmpty()) {
      throw new IllegalStateException("java.class.path is empty: the test kit starts nodes from the test's classpath");
    }
    return cp;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public Optional<Long> pid() {
    return Optional.of(process.pid());
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  @Override
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void terminate() {
    process.destroy();
  }

  @Override
  public void pause() {
    Signals.send(process.pid(), "STOP");
    awaitProcState(true);
  }

  @Override
  public void resume() {
    Signals.send(process.pid(), "CONT");
    awaitProcState(false);
  }

  /** Waits (bounded) until /proc shows the process stopped or running; no /proc: trust the signal. */
  private void awaitProcState(boolean stopped) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Optional<Character> state = Signals.state(process.pid());
      if (state.isEmpty() || (state.get() == 'T') == stopped) {
        return;
      }
      try {
        // Polling /proc is the only way to observe the signal take effect; it takes microseconds.
        process.waitFor(5, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("process " + process.pid() + " is not " + (stopped ? "stopped" : "running")
        + " 10 s after the signal");
  }

  @Override
  public Optional<Path> logFile() {
    return Optional.of(log);
  }
}
