package dev.tandem.cluster.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The default journal the way a deployment runs it: {@link JournalServer} in a JVM of its own,
 * started from this JVM's class path on a free port of 127.0.0.1. For tests and benchmarks that
 * need a journal that survives the death of any node.
 *
 * <p>The child exits when {@link #close()} closes its standard input, and also when this JVM dies
 * (its standard input closes with it), so it never outlives its parent. Its standard error goes to
 * {@code journal.err} in the database directory.
 */
public final class JournalServerProcess implements AutoCloseable {

  private final Process process;
  private final String url;
  private final Path directory;

  private JournalServerProcess(Process process, String url, Path directory) {
    this.process = process;
    this.url = url;
    this.directory = directory;
  }

  /**
   * Starts the server on a free port with its database files under {@code directory} and returns
   * once it accepts connections and the schema exists.
   *
   * @throws IOException if the JVM cannot be started, or the server does not report ready within
   *     {@code startTimeout} (the message names {@code journal.err}; the child is killed)
   */
  public static JournalServerProcess start(Path directory, Duration startTimeout) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Files.createDirectories(directory);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = directory.resolve("journal.err");
    Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"), JournalServer.class.getName(),
            "--port", "0", "--dir", directory.toString(), "--exit-on-stdin-close"))
        .redirectError(err.toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String ready;
    try {
      ready = firstLine.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while the journal server started", e);
    } catch (ExecutionException | TimeoutException e) {
      ready = null;
    }
    if (ready == null || !ready.startsWith("TANDEM-JOURNAL READY") || !ready.contains("url=")) {
      process.destroyForcibly();
      throw new IOException("journal server did not report ready within " + startTimeout
          + " (first line: " + ready + "); see " + err);
    }
    return new JournalServerProcess(process, ready.substring(ready.indexOf("url=") + 4).trim(), directory);
  }

  /** The JDBC URL for {@code tandem.journal.url} (user {@code sa}, empty password). */
  public String url() {
    return url;
  }

  /** Where the database files are. */
  public Path directory() {
    return directory;
  }

  /** {@code tandem.journal.url = "<url>"}, ready to put in front of a node's configuration. */
  public String config() {
    return "tandem.journal.url = \"" + url + "\"\n";
  }

  /** Ends the server (gracefully, killed after 10 s) and waits for the process to exit. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // --exit-on-stdin-close
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
