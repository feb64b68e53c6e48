package dev.tandem.samples.ledger;

import dev.tandem.cluster.hotwarm.HotWarm;
import dev.tandem.cluster.pool.ClusterPoolCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Writes one line about this node to {@code <run-dir>/<name>.status} every half second, for {@code
 * bin/tandem cluster status}: its member status; how many members it sees ({@code members}) and
 * how many of them are unreachable; whether it hosts the active ledger, and for a standby the
 * sequence number it applied and its lag behind the journal; and its part of the scoring cluster
 * pool: how many nodes' scorers it routes to ({@code scoring_nodes}), how many scoring jobs its
 * desk submitted ({@code scoring_submitted}) and how many of those the pool moved to another node
 * after losing the one that held them ({@code scoring_redispatched}; the demo reports it).
 */
final class NodeStatus {

  private final ActorSystem<?> system;
  private final LedgerOptions options;
  private final Path file;
  private final ClusterScoring scoring;
  private volatile long activeEpoch = -1;
  private volatile boolean fenced;
  private Connection journal;

  private NodeStatus(ActorSystem<?> system, LedgerOptions options, ClusterScoring scoring) {
    this.system = system;
    this.options = options;
    this.scoring = scoring;
    this.file = options.runDir().resolve(options.name() + ".status");
  }

  static NodeStatus start(ActorSystem<?> system, LedgerOptions options, ClusterScoring scoring) {
    NodeStatus status = new NodeStatus(system, options, scoring);
    system.scheduler().scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofMillis(500),
        status::write, system.executionContext());
    return status;
  }

  void activeSince(long epoch) {
    activeEpoch = epoch;
  }

  void fenced() {
    fenced = true;
    activeEpoch = -1;
  }

  private void write() {
    Cluster cluster = Cluster.get(system);
    String member = cluster.selfMember().status().toString();
    // What this node sees of the others: a paused or cut-off node shows as unreachable here, and
    // leaves the member count once it is downed and removed.
    StringBuilder line = new StringBuilder("member=").append(member.toLowerCase())
        .append(" members=").append(cluster.state().members().size())
        .append(" unreachable=").append(cluster.state().getUnreachable().size());
    OptionalLong standby = HotWarm.localStandbySequenceNr(system, "ledger");
    long journalLength = journalLength();
    if (activeEpoch >= 0) {
      line.append(" role=active epoch=").append(activeEpoch);
    } else if (standby.isPresent()) {
      line.append(" role=standby seqNr=").append(standby.getAsLong());
      if (journalLength >= 0) {
        line.append(" lag=").append(Math.max(0, journalLength - standby.getAsLong()));
      }
    } else {
      line.append(fenced ? " role=fenced" : " role=none");
    }
    if (journalLength >= 0) {
      line.append(" journal=").append(journalLength);
    }
    ClusterPoolCounters counters = scoring.counters();
    line.append(" scoring_nodes=").append(scoring.liveNodes().size())
        .append(" scoring_submitted=").append(counters.submitted())
        .append(" scoring_redispatched=").append(counters.redispatched());
    try {
      Files.createDirectories(options.runDir());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, line + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // status is informational; the next tick tries again
    }
  }

  /** The ledger's highest sequence number in the journal, or -1 if the journal cannot be read now. */
  private long journalLength() {
    try {
      if (journal == null || journal.isClosed()) {
        journal = DriverManager.getConnection(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
      }
      try (PreparedStatement q = journal.prepareStatement(
          "SELECT MAX(\"sequence_number\") FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
        q.setString(1, "HotWarm|ledger");
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0;
        }
      }
    } catch (SQLException e) {
      journal = null;
      return -1;
    }
  }
}
