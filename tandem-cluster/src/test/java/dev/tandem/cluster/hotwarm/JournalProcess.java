package dev.tandem.cluster.hotwarm;

import dev.tandem.cluster.journal.JournalServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The default journal the way a deployment runs it: {@link JournalServer} in a process of its own
 * (on a free port, exiting when this JVM closes its standard input), or the PostgreSQL server of
 * {@code TANDEM_PG_URL} with its tables emptied.
 */
final class JournalProcess implements AutoCloseable {

  private final Process process;
  final String url;
  final String user;
  final String password;
  final String config;

  private JournalProcess(Process process, String url, String user, String password, String config) {
    this.process = process;
    this.url = url;
    this.user = user;
    this.password = password;
    this.config = config;
  }

  static JournalProcess start(TestJournal journal) throws Exception {
    if (journal == TestJournal.POSTGRES) {
      String url = TestJournal.postgresUrl();
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "tandem", "tandem")) {
        dev.tandem.cluster.journal.JournalSchema.ensure(c, dev.tandem.cluster.journal.JournalDialect.POSTGRES);
        c.createStatement().execute("TRUNCATE event_tag, snapshot, event_journal");
      }
      return new JournalProcess(null, url, "tandem", "tandem",
          "tandem.journal { url = \"" + url + "\", user = tandem, password = tandem,"
              + " slick-profile = \"slick.jdbc.PostgresProfile$\", driver = \"org.postgresql.Driver\" }\n");
    }
    Path dir = Files.createTempDirectory("tandem-journal-process");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"), JournalServer.class.getName(),
            "--port", "0", "--dir", dir.toString(), "--exit-on-stdin-close"))
        .redirectError(new File(dir.toFile(), "journal.err"))
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String ready = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).get(60, TimeUnit.SECONDS);
    if (ready == null || !ready.startsWith("TANDEM-JOURNAL READY")) {
      process.destroyForcibly();
      throw new IllegalStateException("journal server did not start: " + ready + " (see " + dir + "/journal.err)");
    }
    String url = ready.substring(ready.indexOf("url=") + 4).trim();
    return new JournalProcess(process, url, "sa", "", "tandem.journal.url = \"" + url + "\"\n");
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      process.getOutputStream().close(); // --exit-on-stdin-close
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
