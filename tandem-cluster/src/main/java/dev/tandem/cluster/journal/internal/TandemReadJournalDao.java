package dev.tandem.cluster.journal.internal;

import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.config.ReadJournalConfig;
import org.apache.pekko.persistence.jdbc.query.dao.DefaultReadJournalDao;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.scaladsl.Source;
import scala.Tuple2;
import scala.concurrent.ExecutionContext;
import scala.util.Try;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * pekko-persistence-jdbc's read-journal DAO with {@code eventsByPersistenceId}'s query ordered by
 * both primary-key columns (see {@link EventRows}): a warm standby catching up on a long journal
 * reads it from H2's index instead of sorting the rest of the journal for every batch. Every other
 * query is the plugin's.
 */
public final class TandemReadJournalDao extends DefaultReadJournalDao {

  private final EventRows rows;

  public TandemReadJournalDao(
      JdbcBackend.JdbcDatabaseDef db,
      JdbcProfile profile,
      ReadJournalConfig readJournalConfig,
      Serialization serialization,
      ExecutionContext ec,
      Materializer mat) {
    super(db, profile, readJournalConfig, serialization, ec, mat);
    this.rows = new EventRows(db.source(), serialization, readJournalConfig.eventJournalTableConfiguration());
  }

  @Override
  public Source<Try<Tuple2<PersistentRepr, Object>>, NotUsed> messages(
      String persistenceId, long fromSequenceNr, long toSequenceNr, long max) {
    return rows.messages(persistenceId, fromSequenceNr, toSequenceNr, max).asScala();
  }
}
