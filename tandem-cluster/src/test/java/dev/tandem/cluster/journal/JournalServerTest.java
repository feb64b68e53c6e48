package dev.tandem.cluster.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JournalServerTest {

  private static void insert(Connection c, String pid, long seqNr) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\","
            + " \"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\")"
            + " VALUES (?, ?, 'w', 0, '', X'00', 1, '')")) {
      s.setString(1, pid);
      s.setLong(2, seqNr);
      s.executeUpdate();
    }
  }

  @Test
  @DisplayName("the server creates the schema, keeps data across restarts, and the schema step can run again")
  void schemaIsIdempotentAndDataSurvivesRestart() throws Exception {
    Path dir = Files.createTempDirectory("journal-server");
    String url;
    try (JournalServer server = JournalServer.start(0, dir, "restart")) {
      url = server.url();
      try (Connection c = DriverManager.getConnection(url, "sa", "")) {
        insert(c, "p", 1);
        JournalSchema.ensure(c, JournalDialect.H2); // again, on a live schema
      }
    }
    try (JournalServer again = JournalServer.start(0, dir, "restart");
        Connection c = DriverManager.getConnection(again.url(), "sa", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
  }

  @Test
  @DisplayName("the journal refuses a second write of the same (persistence id, sequence number): the fence")
  void uniqueSequenceNumbers() throws Exception {
    try (JournalServer server = JournalServer.start(0, Files.createTempDirectory("journal-unique"), "unique");
        Connection c = DriverManager.getConnection(server.url(), "sa", "")) {
      insert(c, "p", 1);
      insert(c, "q", 1);
      assertThrows(SQLException.class, () -> insert(c, "p", 1));
    }
  }

  @Test
  @DisplayName("every statement of both dialects is guarded to be re-runnable")
  void statementsAreGuarded() {
    for (JournalDialect dialect : JournalDialect.values()) {
      for (String sql : JournalSchema.statements(dialect)) {
        assertTrue(sql.contains("IF NOT EXISTS"), dialect + ": " + sql);
      }
    }
  }
}
