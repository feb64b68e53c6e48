package dev.tandem.samples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.cluster.hotwarm.CommandFailed;
import dev.tandem.cluster.hotwarm.CommandOutcomeUnknown;
import dev.tandem.cluster.hotwarm.CommandRejected;
import dev.tandem.cluster.pool.ClusterPoolException;
import dev.tandem.cluster.pool.ClusterPoolFailure;
import dev.tandem.cluster.pool.ClusterPoolOverloaded;
import dev.tandem.cluster.pool.ClusterPoolStopped;
import dev.tandem.cluster.pool.JobOutcomeUnknown;
import dev.tandem.cluster.pool.JobQuarantined;
import dev.tandem.cluster.pool.JobTimedOut;
import dev.tandem.cluster.pool.JobUndeliverable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the desk tells the client, for every way scoring and the ledger can end. */
class TransferDeskOutcomesTest {

  /** Every kind of cluster pool failure, both the "did not run" and the "may have run" forms. */
  private static final List<ClusterPoolFailure> FAILURES = List.of(
      new ClusterPoolOverloaded("ledger-scoring", "node-capacity"),
      new ClusterPoolStopped("ledger-scoring", false),
      new ClusterPoolStopped("ledger-scoring", true),
      new JobQuarantined("ledger-scoring", "127.0.0.1:2552", 3, "IllegalStateException: boom"),
      new JobTimedOut("ledger-scoring", Duration.ofSeconds(3), ""),
      new JobTimedOut("ledger-scoring", Duration.ofSeconds(3), "127.0.0.1:2552"),
      new JobOutcomeUnknown("ledger-scoring", "127.0.0.1:2552", "removed"),
      new JobUndeliverable("ledger-scoring", "no serializer", false),
      new JobUndeliverable("ledger-scoring", "lost with nodes 3 times", true));

  @Test
  @DisplayName("on a first attempt every scoring failure, even one where the scoring job may have run, is NotApplied naming the failure")
  void scoringFailureFirstAttempt() {
    for (ClusterPoolFailure failure : FAILURES) {
      for (Throwable error : List.of(new ClusterPoolException(failure),
          new CompletionException(new ClusterPoolException(failure)))) {
        TransferDesk.Outcome outcome = TransferDesk.scoringFailed("t-1", false, error);
        TransferDesk.NotApplied notApplied = assertInstanceOf(TransferDesk.NotApplied.class, outcome, failure.toString());
        assertEquals("t-1", notApplied.transferId());
        assertTrue(notApplied.why().contains(failure.getClass().getSimpleName()), notApplied.why());
        assertTrue(notApplied.why().contains(failure.describe()), notApplied.why());
      }
    }
  }

  @Test
  @DisplayName("on a retry no scoring failure is NotApplied: an earlier attempt may have reached the ledger")
  void scoringFailureOnRetry() {
    for (ClusterPoolFailure failure : FAILURES) {
      TransferDesk.Outcome outcome = TransferDesk.scoringFailed("t-2", true, new ClusterPoolException(failure));
      TransferDesk.Unknown unknown = assertInstanceOf(TransferDesk.Unknown.class, outcome, failure.toString());
      assertTrue(unknown.why().contains(failure.getClass().getSimpleName()), unknown.why());
    }
    assertInstanceOf(TransferDesk.Unknown.class,
        TransferDesk.scoringFailed("t-2", true, new IllegalStateException("a scorer bug")));
  }

  @Test
  @DisplayName("the ledger's replies are final on any attempt: Done is Applied, Refused is NotApplied")
  void ledgerReplies() {
    for (boolean retry : List.of(false, true)) {
      assertEquals(new TransferDesk.Applied("t-3", 640), TransferDesk.ledgerOutcome("t-3", retry, new Ledger.Done(640), null));
      assertEquals(new TransferDesk.NotApplied("t-3", "refused: insufficient funds"),
          TransferDesk.ledgerOutcome("t-3", retry, new Ledger.Refused("insufficient funds"), null));
    }
  }

  @Test
  @DisplayName("a ledger command not sent or failed is NotApplied on a first attempt and Unknown on a retry; an unknown outcome stays Unknown")
  void ledgerFailures() {
    for (Throwable notApplied : List.of(new CommandRejected("buffer full"), new CommandFailed("handler threw"))) {
      assertInstanceOf(TransferDesk.NotApplied.class,
          TransferDesk.ledgerOutcome("t-4", false, null, new CompletionException(notApplied)));
      assertInstanceOf(TransferDesk.Unknown.class, TransferDesk.ledgerOutcome("t-4", true, null, notApplied));
    }
    for (boolean retry : List.of(false, true)) {
      assertInstanceOf(TransferDesk.Unknown.class,
          TransferDesk.ledgerOutcome("t-5", retry, null, new CompletionException(new CommandOutcomeUnknown("t-5", "no acknowledgement within 10 s"))));
      assertInstanceOf(TransferDesk.Unknown.class,
          TransferDesk.ledgerOutcome("t-5", retry, null, new IllegalStateException("surprise")));
    }
  }
}
