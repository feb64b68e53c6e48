package dev.tandem.cluster.hotwarm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.tandem.cluster.journal.JournalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * In-process cluster fixture: an H2 journal server and several ActorSystems in this JVM on
 * 127.0.0.1 with free ports. Closing it stops every system and the journal server.
 */
final class TestCluster implements AutoCloseable {

  private final JournalServer h2;
  private final String url;
  private final String journalConfig;
  private final List<ActorTestKit> kits = new ArrayList<>();

  /** A fixture on a fresh H2 journal server. */
  TestCluster() throws Exception {
    this(TestJournal.H2);
  }

  /**
   * A fixture on {@code journal}: a fresh H2 server, or the PostgreSQL of {@code TANDEM_PG_URL}
   * with its journal tables emptied (tests use it one at a time).
   */
  TestCluster(TestJournal journal) throws Exception {
    if (journal == TestJournal.H2) {
      Path dir = Files.createTempDirectory("tandem-journal");
      this.h2 = JournalServer.start(0, dir, "tandem");
      this.url = h2.url();
      this.journalConfig = "tandem.journal.url = \"" + url + "\"\n";
    } else {
      this.h2 = null;
      this.url = TestJournal.postgresUrl();
      this.journalConfig = "tandem.journal { url = \"" + url + "\", user = tandem, password = tandem,"
          + " slick-profile = \"slick.jdbc.PostgresProfile$\", driver = \"org.postgresql.Driver\" }\n";
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "tandem", "tandem")) {
        dev.tandem.cluster.journal.JournalSchema.ensure(c, dev.tandem.cluster.journal.JournalDialect.POSTGRES);
        c.createStatement().execute("TRUNCATE event_tag, snapshot, event_journal");
      }
    }
  }

  /** The journal's JDBC URL. */
  String url() {
    return url;
  }

  /** The journal's user and password. */
  String user() {
    return h2 != null ? "sa" : "tandem";
  }

  String password() {
    return h2 != null ? "" : "tandem";
  }

  Config config(String extra) {
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.parseString(
            "pekko.actor.provider = cluster\n"
                + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                + "pekko.remote.artery.canonical.port = 0\n"
                + "pekko.cluster.jmx.enabled = off\n"
                + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
                + "pekko.coordinated-shutdown.exit-jvm = off\n"
                + "pekko.coordinated-shutdown.terminate-actor-system = on\n"
                + journalConfig))
        .withFallback(ConfigFactory.parseResources("tandem-testkit-defaults.conf"))
        // unresolved, so that tandem.journal.url above reaches the substitutions in reference.conf
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve();
  }

  /** A new ActorSystem (not yet joined); nodes of one cluster must share {@code name}. */
  ActorSystem<Void> node(String name, String extraConfig) {
    ActorTestKit kit = ActorTestKit.create(name, config(extraConfig));
    kits.add(kit);
    return kit.system();
  }

  ActorTestKit kitOf(ActorSystem<?> system) {
    return kits.stream().filter(k -> k.system() == system).findFirst().orElseThrow();
  }

  /** Joins {@code node} to {@code seed}'s cluster and waits until it is Up there. */
  void join(ActorSystem<?> node, ActorSystem<?> seed) {
    Cluster.get(node).manager().tell(Join.create(Cluster.get(seed).selfMember().address()));
    ActorTestKit kit = kitOf(node);
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
      if (Cluster.get(node).selfMember().status() != MemberStatus.up()) {
        throw new AssertionError("not up yet: " + Cluster.get(node).selfMember());
      }
      return null;
    });
  }

  @Override
  public void close() {
    for (ActorTestKit kit : kits) {
      try {
        kit.shutdownTestKit();
      } catch (RuntimeException e) {
        // a system a test already stopped
      }
    }
    if (h2 != null) {
      h2.close();
    }
  }
}
