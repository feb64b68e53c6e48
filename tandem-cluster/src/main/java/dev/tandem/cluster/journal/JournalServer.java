package dev.tandem.cluster.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.h2.tools.Server;

/**
 * The default journal: an H2 database served over TCP on 127.0.0.1 by a process of its own, so
 * that killing any node never takes the journal (or acknowledged writes) with it. H2's automatic
 * mixed mode ({@code AUTO_SERVER=TRUE}) is deliberately not used: it lost acknowledged writes when
 * the JVM hosting the database was killed.
 *
 * <p>Run it as a program (the launcher and the test kit do):
 *
 * <pre>{@code
 * java -cp ... dev.tandem.cluster.journal.JournalServer --port 9092 --dir .tandem/journal
 * }</pre>
 *
 * It creates the schema (idempotently), prints one line {@code TANDEM-JOURNAL READY port=<port>
 * url=<jdbc url>} on standard output, and serves until it is killed, or until its standard input
 * closes when started with {@code --exit-on-stdin-close} (so a parent that dies takes it along).
 * {@code --port 0} picks a free port.
 *
 * <p>In-process use (tests): {@link #start(int, Path, String)} and {@link #close()}.
 */
public final class JournalServer implements AutoCloseable {

  /** The database name used when none is given. */
  public static final String DEFAULT_DATABASE = "tandem";

  private final Server server;
  private final String url;

  private JournalServer(Server server, String url) {
    this.server = server;
    this.url = url;
  }

  /**
   * Starts an H2 TCP server on 127.0.0.1 serving databases under {@code baseDir}, creates the
   * journal schema in {@code database}, and returns once it accepts connections.
   *
   * @param port the TCP port, or 0 for a free one
   * @throws SQLException if the port is taken or the database cannot be created
   */
  public static JournalServer start(int port, Path baseDir, String database)
      throws SQLException, IOException {
    Objects.requireNonNull(baseDir, "baseDir");
    Objects.requireNonNull(database, "database");
    if (!database.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("database name must be letters, digits, '_' or '-': " + database);
    }
    Files.createDirectories(baseDir);
    int chosen = port == 0 ? freePort() : port;
    Server server =
        Server.createTcpServer(
                "-tcpPort",
                Integer.toString(chosen),
                "-baseDir",
                baseDir.toAbsolutePath().toString(),
                // Only this machine may connect (no -tcpAllowOthers); it may create the database.
                "-ifNotExists")
            .start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + database;
    JournalServer journal = new JournalServer(server, url);
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      JournalSchema.ensure(connection, JournalDialect.H2);
    } catch (SQLException e) {
      server.stop();
      throw e;
    }
    return journal;
  }

  /** The TCP port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** The JDBC URL for {@code tandem.journal.url} (user {@code sa}, empty password). */
  public String url() {
    return url;
  }

  /** Stops serving; the database files stay. */
  @Override
  public void close() {
    server.stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** See the class comment for the arguments; exits 2 on a usage error. */
  public static void main(String[] args) throws Exception {
    int port = 9092;
    Path dir = Path.of(".tandem", "journal");
    String database = DEFAULT_DATABASE;
    boolean exitOnStdinClose = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
        case "--database" -> database = value(args, ++i, "--database");
        case "--exit-on-stdin-close" -> exitOnStdinClose = true;
        default -> usage("unknown argument: " + args[i]);
      }
    }
    JournalServer journal = start(port, dir, database);
    Runtime.getRuntime().addShutdownHook(new Thread(journal::close, "journal-server-stop"));
    System.out.println("TANDEM-JOURNAL READY port=" + journal.port() + " url=" + journal.url());
    System.out.flush();
    if (exitOnStdinClose) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // drain until the parent closes our stdin
      }
      journal.close();
      System.exit(0);
    } else {
      new CountDownLatch(1).await();
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println("journal-server: " + problem);
    System.err.println(
        "usage: JournalServer [--port N (0 = free)] [--dir DIR] [--database NAME]"
            + " [--exit-on-stdin-close]");
    System.exit(2);
  }
}
