package dev.tandem.cluster.hotwarm;

import dev.tandem.cluster.hotwarm.internal.Journaled;
import dev.tandem.cluster.journal.JournalSettings;
import dev.tandem.testkit.history.WriteRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.stream.javadsl.Sink;

/** The journal's own record of a singleton, read back for the history checkers. */
record JournalHistory(List<String> appliedKeys, List<WriteRecord> writes, long length) {

  static JournalHistory read(ActorSystem<?> system, String singleton) throws Exception {
    JdbcReadJournal journal =
        PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JournalSettings.QUERY_PLUGIN_ID);
    List<EventEnvelope> events = journal.currentEventsByPersistenceId("HotWarm|" + singleton, 0, Long.MAX_VALUE)
        .runWith(Sink.seq(), system).toCompletableFuture().get(120, TimeUnit.SECONDS);
    List<String> applied = new ArrayList<>();
    List<WriteRecord> writes = new ArrayList<>();
    Map<Long, String> writerOfEpoch = new HashMap<>();
    long length = 0;
    for (EventEnvelope envelope : events) {
      Journaled journaled = (Journaled) envelope.event();
      length = envelope.sequenceNr();
      if (journaled instanceof Journaled.EpochStarted started) {
        writerOfEpoch.put(started.epoch(), started.node());
      }
      String key = journaled instanceof Journaled.Applied a ? a.commandId() : "";
      if (!key.isEmpty()) {
        applied.add(key);
      }
      writes.add(new WriteRecord(
          writerOfEpoch.getOrDefault(journaled.epoch(), "epoch-" + journaled.epoch()),
          journaled.epoch(), envelope.sequenceNr(), TimeUnit.MILLISECONDS.toNanos(envelope.timestamp()), key));
    }
    return new JournalHistory(applied, writes, length);
  }

  /**
   * Writes {@code count} Add(1) events (after an epoch start) straight into the journal: a long
   * history to take over from, made in seconds instead of minutes.
   */
  static void seed(ActorSystem<?> system, String url, String user, String password, String singleton, int count)
      throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    String pid = "HotWarm|" + singleton;
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\","
                + " \"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\")"
                + " VALUES (?, ?, 'seed', ?, '', ?, ?, ?)")) {
      c.setAutoCommit(false);
      for (long seqNr = 1; seqNr <= count + 1; seqNr++) {
        Object event = seqNr == 1
            ? new Journaled.EpochStarted(1, "seed")
            : new Journaled.Applied(1, "seed-" + seqNr, new Counter.Added(1), new Counter.Reply(seqNr - 1, seqNr - 1), 0);
        Serializer serializer = serialization.findSerializerFor(event);
        insert.setString(1, pid);
        insert.setLong(2, seqNr);
        insert.setLong(3, System.currentTimeMillis() - 60_000);
        insert.setBytes(4, serializer.toBinary(event));
        insert.setInt(5, serializer.identifier());
        insert.setString(6, Serializers.manifestFor(serializer, event));
        insert.addBatch();
        if (seqNr % 5000 == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
      c.commit();
    }
  }
}
