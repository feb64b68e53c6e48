package dev.tandem.cluster.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JournalSettingsTest {

  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  @DisplayName("the defaults name the H2 TCP server")
  void defaults() {
    JournalSettings settings = JournalSettings.create(ConfigFactory.defaultReference());
    assertEquals(JournalDialect.H2, settings.dialect());
    assertTrue(settings.url().startsWith("jdbc:h2:tcp://127.0.0.1:"));
  }

  @Test
  @DisplayName("PostgreSQL is chosen by URL, profile and driver")
  void postgres() {
    JournalSettings settings = JournalSettings.create(with(
        "tandem.journal { url = \"jdbc:postgresql://127.0.0.1:5432/tandem\", slick-profile = \"slick.jdbc.PostgresProfile$\", driver = \"org.postgresql.Driver\" }"));
    assertEquals(JournalDialect.POSTGRES, settings.dialect());
  }

  @Test
  @DisplayName("a profile that does not fit the URL fails naming the key and the right value")
  void mismatch() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalSettings.create(with(
        "tandem.journal.url = \"jdbc:postgresql://127.0.0.1:5432/tandem\"")));
    assertTrue(e.getMessage().contains("tandem.journal.slick-profile"), e.getMessage());
    assertTrue(e.getMessage().contains("PostgresProfile"), e.getMessage());
  }

  @Test
  @DisplayName("an unknown database URL fails naming tandem.journal.url")
  void unknownUrl() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JournalSettings.create(with("tandem.journal.url = \"jdbc:mysql://x/y\"")));
    assertTrue(e.getMessage().contains("tandem.journal.url"), e.getMessage());
  }
}
