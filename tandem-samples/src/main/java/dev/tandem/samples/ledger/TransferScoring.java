package dev.tandem.samples.ledger;

import java.util.concurrent.CompletionStage;

/**
 * Validates and scores a transfer before the ledger sees it: the hot-hot stage of the ledger's
 * flow. Runs on every node; any node's scoring can serve any transfer.
 *
 * <p>Today's implementation is {@link PooledScoring}, a local {@code dev.tandem.pool.Pool} on each
 * node, reached through each node's {@link TransferDesk}. The cluster pool ({@code
 * dev.tandem.cluster.pool}) will implement this interface so that work lost with a node is
 * re-dispatched to another node's workers.
 */
interface TransferScoring {

  /** The verdict on one transfer. */
  sealed interface Verdict {}

  /** Fit for the ledger, with a risk score 0..99. */
  record Approved(int risk) implements Verdict {}

  /** Refused before the ledger (malformed, too risky); nothing happened. */
  record Declined(String why) implements Verdict {}

  /**
   * Scores the transfer. The stage completes with a verdict, or exceptionally with the pool's
   * failure (overloaded, stopped, quarantined) meaning the transfer was not scored and not applied.
   */
  CompletionStage<Verdict> score(String transferId, String from, String to, long amount);
}
