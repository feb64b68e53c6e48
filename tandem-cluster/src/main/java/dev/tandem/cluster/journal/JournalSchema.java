package dev.tandem.cluster.journal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the tables pekko-persistence-jdbc needs (event journal, tags, snapshots), and only those
 * that are missing, so it can run at every start of every node. The plugin ships a creation script
 * too, but it creates an index without {@code IF NOT EXISTS} and fails on its second run.
 *
 * <p>The column names are the plugin's defaults; a deployment that renames tables or columns in the
 * plugin's configuration creates its schema itself and sets {@code tandem.journal.create-schema =
 * off}.
 */
public final class JournalSchema {

  private JournalSchema() {}

  /** The statements for {@code dialect}, in order; each is safe to run again. */
  public static List<String> statements(JournalDialect dialect) {
    return switch (dialect) {
      case H2 -> H2_STATEMENTS;
      case POSTGRES -> POSTGRES_STATEMENTS;
    };
  }

  /**
   * Connects with {@code settings} and creates whatever is missing.
   *
   * @throws SQLException if the database cannot be reached or refuses a statement
   */
  public static void ensure(JournalSettings settings) throws SQLException {
    DriverManager.setLoginTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
    try (Connection connection =
        DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
      ensure(connection, settings.dialect());
    }
  }

  /** Creates whatever is missing through an open connection (committed on return). */
  public static void ensure(Connection connection, JournalDialect dialect) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements(dialect)) {
        try {
          statement.execute(sql);
        } catch (SQLException e) {
          // Two nodes booting at once may both find a table missing; the loser sees a duplicate.
          if (!isAlreadyThere(e)) {
            throw e;
          }
        }
      }
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static boolean isAlreadyThere(SQLException e) {
    String state = e.getSQLState();
    // 42P07 duplicate table / 23505 unique violation on the catalogue (PostgreSQL), 42S01/42S11 (H2)
    return "42P07".equals(state)
        || "23505".equals(state)
        || "42S01".equals(state)
        || "42S11".equals(state);
  }

  private static final List<String> H2_STATEMENTS =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS PUBLIC."event_journal" (
            "ordering" BIGINT UNIQUE NOT NULL AUTO_INCREMENT,
            "deleted" BOOLEAN DEFAULT FALSE NOT NULL,
            "persistence_id" VARCHAR(255) NOT NULL,
            "sequence_number" BIGINT NOT NULL,
            "writer" VARCHAR NOT NULL,
            "write_timestamp" BIGINT NOT NULL,
            "adapter_manifest" VARCHAR NOT NULL,
            "event_payload" BLOB NOT NULL,
            "event_ser_id" INTEGER NOT NULL,
            "event_ser_manifest" VARCHAR NOT NULL,
            "meta_payload" BLOB,
            "meta_ser_id" INTEGER,
            "meta_ser_manifest" VARCHAR,
            PRIMARY KEY ("persistence_id", "sequence_number"))""",
          """
          CREATE UNIQUE INDEX IF NOT EXISTS "event_journal_ordering_idx"
            ON PUBLIC."event_journal" ("ordering")""",
          """
          CREATE TABLE IF NOT EXISTS PUBLIC."event_tag" (
            "event_id" BIGINT NOT NULL,
            "tag" VARCHAR NOT NULL,
            PRIMARY KEY ("event_id", "tag"),
            CONSTRAINT "fk_event_journal" FOREIGN KEY ("event_id")
              REFERENCES PUBLIC."event_journal" ("ordering") ON DELETE CASCADE)""",
          """
          CREATE TABLE IF NOT EXISTS PUBLIC."snapshot" (
            "persistence_id" VARCHAR(255) NOT NULL,
            "sequence_number" BIGINT NOT NULL,
            "created" BIGINT NOT NULL,
            "snapshot_ser_id" INTEGER NOT NULL,
            "snapshot_ser_manifest" VARCHAR NOT NULL,
            "snapshot_payload" BLOB NOT NULL,
            "meta_ser_id" INTEGER,
            "meta_ser_manifest" VARCHAR,
            "meta_payload" BLOB,
            PRIMARY KEY ("persistence_id", "sequence_number"))""");

  private static final List<String> POSTGRES_STATEMENTS =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS public.event_journal (
            ordering BIGSERIAL,
            persistence_id VARCHAR(255) NOT NULL,
            sequence_number BIGINT NOT NULL,
            deleted BOOLEAN DEFAULT FALSE NOT NULL,
            writer VARCHAR(255) NOT NULL,
            write_timestamp BIGINT,
            adapter_manifest VARCHAR(255),
            event_ser_id INTEGER NOT NULL,
            event_ser_manifest VARCHAR(255) NOT NULL,
            event_payload BYTEA NOT NULL,
            meta_ser_id INTEGER,
            meta_ser_manifest VARCHAR(255),
            meta_payload BYTEA,
            PRIMARY KEY (persistence_id, sequence_number))""",
          """
          CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx
            ON public.event_journal (ordering)""",
          """
          CREATE TABLE IF NOT EXISTS public.event_tag (
            event_id BIGINT,
            tag VARCHAR(256),
            PRIMARY KEY (event_id, tag),
            CONSTRAINT fk_event_journal FOREIGN KEY (event_id)
              REFERENCES public.event_journal (ordering) ON DELETE CASCADE)""",
          """
          CREATE TABLE IF NOT EXISTS public.snapshot (
            persistence_id VARCHAR(255) NOT NULL,
            sequence_number BIGINT NOT NULL,
            created BIGINT NOT NULL,
            snapshot_ser_id INTEGER NOT NULL,
            snapshot_ser_manifest VARCHAR(255) NOT NULL,
            snapshot_payload BYTEA NOT NULL,
            meta_ser_id INTEGER,
            meta_ser_manifest VARCHAR(255),
            meta_payload BYTEA,
            PRIMARY KEY (persistence_id, sequence_number))""");
}
