package dev.tandem.cluster.hotwarm;

import dev.tandem.cluster.journal.JournalServerProcess;
import java.nio.file.Files;
import java.time.Duration;

/**
 * The journal a test's nodes share: {@link JournalServerProcess} (H2 in a process of its own, on a
 * free port), or the PostgreSQL server of {@code TANDEM_PG_URL} with its tables emptied.
 */
final class JournalProcess implements AutoCloseable {

  private final JournalServerProcess server;
  final String url;
  final String user;
  final String password;
  final String config;

  private JournalProcess(JournalServerProcess server, String url, String user, String password, String config) {
    this.server = server;
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
    JournalServerProcess server =
        JournalServerProcess.start(Files.createTempDirectory("tandem-journal-process"), Duration.ofSeconds(60));
    return new JournalProcess(server, server.url(), "sa", "", server.config());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
