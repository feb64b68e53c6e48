package dev.tandem.samples.ledger;

import dev.tandem.cluster.hotwarm.internal.Journaled;
import dev.tandem.cluster.journal.JournalSettings;
import dev.tandem.testkit.history.WriteRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * What the journal itself says the ledger did, independent of the ledger's answers: the ids of the
 * transfers applied (recorded refusals left out), in journal order, duplicates included, each write with its epoch and writer,
 * and the balances recomputed by replaying every transfer onto the opening balances.
 *
 * <p>Reads hot-warm's journal format ({@code Journaled}, an internal type): a checker must look at
 * what was written, not at what the system under test reports about it.
 */
record JournalRecord(List<String> appliedIds, List<WriteRecord> writes, Map<String, Long> replayedBalances) {

  static JournalRecord read(ActorSystem<?> system) throws Exception {
    JdbcReadJournal journal =
        PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class, JournalSettings.QUERY_PLUGIN_ID);
    List<EventEnvelope> events = journal.currentEventsByPersistenceId("HotWarm|ledger", 0, Long.MAX_VALUE)
        .runWith(Sink.seq(), system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    List<String> applied = new ArrayList<>();
    List<WriteRecord> writes = new ArrayList<>();
    Map<Long, String> writerOfEpoch = new HashMap<>();
    Map<String, Long> balances = new TreeMap<>(Ledger.create().emptyState().balances());
    for (EventEnvelope envelope : events) {
      Journaled journaled = (Journaled) envelope.event();
      String key = "";
      if (journaled instanceof Journaled.EpochStarted started) {
        writerOfEpoch.put(started.epoch(), started.node());
      } else if (journaled instanceof Journaled.Applied a) {
        key = a.commandId();
        if (a.event() instanceof Ledger.Transferred t) {
          applied.add(key); // a recorded refusal (TransferRefused) is not an applied transfer
          balances.merge(t.from(), -t.amount(), Long::sum);
          balances.merge(t.to(), t.amount(), Long::sum);
        }
      }
      writes.add(new WriteRecord(writerOfEpoch.getOrDefault(journaled.epoch(), "epoch-" + journaled.epoch()),
          journaled.epoch(), envelope.sequenceNr(), TimeUnit.MILLISECONDS.toNanos(envelope.timestamp()), key));
    }
    return new JournalRecord(List.copyOf(applied), List.copyOf(writes), Map.copyOf(balances));
  }
}
