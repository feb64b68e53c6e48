package dev.tandem.samples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.tandem.cluster.pool.ClusterPoolSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LedgerOptionsTest {

  private static String failure(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> LedgerOptions.parse(args, List.of())).getMessage();
  }

  @Test
  @DisplayName("bad options fail at start naming the option")
  void badOptions() {
    assertTrue(failure("--seeds", "1", "--colour", "red").contains("--colour"));
    assertTrue(failure("--seeds", "1", "--port", "99999").contains("--port"));
    assertTrue(failure("--port", "25520").contains("--seeds"));
    assertTrue(failure("--seeds", "1", "--journal", "mysql").contains("--journal"));
    assertTrue(failure("--seeds", "1", "--journal", "postgres").contains("--jdbc-url"));
    assertTrue(failure("--seeds", "1", "--preset", "hasty").contains("hasty"));
  }

  @Test
  @DisplayName("the journal URL given reaches the journal plugins' database settings")
  void journalUrlReachesThePlugins() {
    LedgerOptions options = LedgerOptions.parse(new String[] {"--name", "node-2", "--port", "25521", "--seeds",
        "25520,25521", "--jdbc-url", "jdbc:h2:tcp://127.0.0.1:40001/tandem"}, List.of());
    Config config = options.config("ledger");
    assertEquals("jdbc:h2:tcp://127.0.0.1:40001/tandem",
        config.getString("pekko-persistence-jdbc.shared-databases.tandem.db.url"));
    assertEquals(List.of("pekko://ledger@127.0.0.1:25520", "pekko://ledger@127.0.0.1:25521"),
        config.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(25521, config.getInt("pekko.remote.artery.canonical.port"));
    assertEquals("ledger", config.getString("tandem.hotwarm.role"));
  }

  @Test
  @DisplayName("--journal postgres switches the profile and driver")
  void postgres() {
    Config config = LedgerOptions.parse(new String[] {"--seeds", "25520", "--journal", "postgres", "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:5432/tandem"}, List.of()).config("ledger");
    assertEquals("org.postgresql.Driver", config.getString("tandem.journal.driver"));
    assertEquals("slick.jdbc.PostgresProfile$", config.getString("pekko-persistence-jdbc.shared-databases.tandem.profile"));
    assertEquals("tandem", config.getString("tandem.journal.user"));
  }

  @Test
  @DisplayName("nodes and the client read the samples' application.conf: scoring jobs and verdicts travel as CBOR, with the sample's deadlines")
  void applicationConf() {
    for (String role : List.of("ledger", "client")) {
      Config config = LedgerOptions.parse(new String[] {"--seeds", "25520"}, List.of()).config(role);
      assertEquals("jackson-cbor",
          config.getString("pekko.actor.serialization-bindings.\"dev.tandem.samples.ledger.ClusterScoring$Score\""));
      assertEquals("jackson-cbor",
          config.getString("pekko.actor.serialization-bindings.\"dev.tandem.samples.ledger.TransferScoring$Verdict\""));
      assertEquals(Duration.ofSeconds(3), config.getDuration("tandem.cluster-pool.job-timeout"));
      assertEquals(Duration.ofSeconds(3), ClusterPoolSettings.create(config).jobTimeout());
      // The options still win over application.conf, which turns the journal off for other samples.
      assertEquals(role.equals("ledger"), config.getBoolean("tandem.journal.start-at-boot"));
    }
  }
}
