package dev.tandem.samples.ledger;

import java.util.concurrent.CompletionStage;

/**
 * Validates and scores a transfer before the ledger sees it: the hot-hot stage of the ledger's
 * flow. The sample's implementation is {@link ClusterScoring}, a cluster pool with scorers on every
 * ledger node, so any node's scorers serve any desk and a scoring job lost with a node is scored
 * again on another.
 *
 * <p>The contract every implementation keeps, and {@link TransferDesk} relies on:
 *
 * <ul>
 *   <li>scoring has no side effects: it never touches the ledger, so running it twice, or running
 *       it and losing the verdict, changes nothing;
 *   <li>the verdict follows {@link ScoringRules}, so it is the same on every node and every retry;
 *   <li>a stage that fails carries no verdict; the desk then does not forward the transfer.
 * </ul>
 */
interface TransferScoring {

  /**
   * The verdict on one transfer. Verdicts are the scorers' replies and cross nodes: the interface
   * is bound to jackson-cbor in the samples' {@code application.conf}.
   */
  sealed interface Verdict {}

  /** Fit for the ledger, with a risk score 0..99. */
  record Approved(int risk) implements Verdict {}

  /** Refused before the ledger (malformed, too risky); nothing happened. */
  record Declined(String why) implements Verdict {}

  /**
   * Scores the transfer. The stage completes with the verdict, or exceptionally when no verdict
   * could be had (for {@link ClusterScoring}: a {@code dev.tandem.cluster.pool.ClusterPoolException}
   * saying why); see {@link TransferDesk#scoringFailed} for what that means for the transfer.
   */
  CompletionStage<Verdict> score(String transferId, String from, String to, long amount);
}
