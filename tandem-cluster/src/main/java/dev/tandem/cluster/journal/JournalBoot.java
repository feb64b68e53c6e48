package dev.tandem.cluster.journal;

import java.sql.SQLException;
import java.util.Objects;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the journal when an ActorSystem starts: checks {@code tandem.journal}, creates the
 * schema if missing, and starts the journal, snapshot and query plugins, so the first recovery does
 * not pay for connecting (about half a second).
 *
 * <p>It is listed in {@code pekko.library-extensions} by this module's {@code reference.conf}, so
 * it runs in every ActorSystem that has tandem-cluster on its classpath; {@code
 * tandem.journal.start-at-boot = off} turns it into a no-op. A bad {@code tandem.journal} setting
 * fails the ActorSystem's start with a message naming the key. An unreachable database does not:
 * boot logs a warning and the plugins connect on first use.
 */
public final class JournalBoot extends AbstractExtensionId<JournalBoot.Booted>
    implements ExtensionIdProvider {

  /** The extension id (also used by Pekko, which instantiates this class). */
  public static final JournalBoot INSTANCE = new JournalBoot();

  private static final Logger log = LoggerFactory.getLogger(JournalBoot.class);

  @Override
  public JournalBoot lookup() {
    return INSTANCE;
  }

  @Override
  public Booted createExtension(ExtendedActorSystem system) {
    JournalSettings settings = JournalSettings.create(system.settings().config());
    if (!settings.startAtBoot()) {
      return new Booted(settings, false);
    }
    long start = System.nanoTime();
    boolean reachable = true;
    if (settings.createSchema()) {
      try {
        JournalSchema.ensure(settings);
      } catch (SQLException e) {
        reachable = false;
        log.warn(
            "journal at {} not reachable at boot ({}); the plugins will connect on first use",
            settings.url(),
            e.getMessage());
      }
    }
    if (reachable && settings.dialect() == JournalDialect.POSTGRES) {
      warnWithoutIdleTransactionTimeout(settings, system.settings().config());
    }
    Persistence persistence = Persistence.get(system);
    persistence.journalFor(JournalSettings.WRITE_PLUGIN_ID, com.typesafe.config.ConfigFactory.empty());
    persistence.snapshotStoreFor(JournalSettings.SNAPSHOT_PLUGIN_ID, com.typesafe.config.ConfigFactory.empty());
    PersistenceQuery.get(system)
        .getReadJournalFor(JdbcReadJournal.class, JournalSettings.QUERY_PLUGIN_ID);
    log.info(
        "journal {} ready at boot in {} ms ({})",
        settings.dialect().name().toLowerCase(java.util.Locale.ROOT),
        (System.nanoTime() - start) / 1_000_000,
        reachable ? "schema checked" : "database not reached yet");
    return new Booted(settings, true);
  }

  /**
   * A PostgreSQL session that stops in the middle of a transaction keeps it, and its row locks,
   * until it resumes: an active paused or cut off while writing would block the writes of the
   * active that replaces it. {@code idle_in_transaction_session_timeout} ends such a transaction;
   * warn if the journal's connections run without it.
   */
  private static void warnWithoutIdleTransactionTimeout(JournalSettings settings, com.typesafe.config.Config config) {
    String initSql = config.hasPath("tandem.journal.connection-init-sql")
        ? config.getString("tandem.journal.connection-init-sql")
        : "";
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        java.sql.Statement statement = c.createStatement()) {
      if (!initSql.isBlank()) {
        statement.execute(initSql);
      }
      try (java.sql.ResultSet rs = statement.executeQuery("SHOW idle_in_transaction_session_timeout")) {
        if (rs.next() && rs.getString(1).equals("0")) {
          log.warn("the PostgreSQL journal's connections have no idle_in_transaction_session_timeout: an"
              + " active paused or cut off in the middle of a write would hold its row locks, and the"
              + " active that takes over could not write until it resumes. Set tandem.journal."
              + "connection-init-sql = \"SET idle_in_transaction_session_timeout = '5s'\" (or set it for the"
              + " database role)");
        }
      }
    } catch (SQLException e) {
      log.warn("could not check the PostgreSQL journal's idle_in_transaction_session_timeout: {}", e.getMessage());
    }
  }

  /**
   * What boot did.
   *
   * @param settings the journal settings in force
   * @param started whether the plugins were started at boot
   */
  public record Booted(JournalSettings settings, boolean started) implements Extension {
    public Booted {
      Objects.requireNonNull(settings, "settings");
    }
  }
}
