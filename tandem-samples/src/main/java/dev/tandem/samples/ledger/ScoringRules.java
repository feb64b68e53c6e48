package dev.tandem.samples.ledger;

/**
 * The sample's scoring rules: which transfers the desk may forward to the ledger, and their risk.
 *
 * <p>Deterministic: the verdict depends on the transfer's accounts and amount only, never on the
 * node, the time or earlier transfers. That is what makes scoring safe to run anywhere, more than
 * once and again on a retry: a cluster pool may score a transfer twice (a node cut off, then its
 * job re-dispatched), and a client may retry a transfer on another desk; every run gives the same
 * verdict, so a retry that is declined proves the first attempt was declined too and never reached
 * the ledger. Every node must run the same rules (the same build) for that to hold.
 */
final class ScoringRules {

  /** Transfers above this amount are declined: the "fraud rule" of the sample. */
  static final long LIMIT = 400;

  private ScoringRules() {}

  /**
   * The verdict on moving {@code amount} from {@code from} to {@code to}: declined if it moves
   * nothing (same account, amount not positive) or exceeds {@link #LIMIT}; otherwise approved with a
   * risk of 0..99 that grows with the amount.
   */
  static TransferScoring.Verdict verdict(String from, String to, long amount) {
    if (from.equals(to) || amount <= 0) {
      return new TransferScoring.Declined("not a transfer");
    }
    if (amount > LIMIT) {
      return new TransferScoring.Declined("amount " + amount + " over the limit " + LIMIT);
    }
    return new TransferScoring.Approved((int) (amount * 100 / (LIMIT + 1)));
  }
}
