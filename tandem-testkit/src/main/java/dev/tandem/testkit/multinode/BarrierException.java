package dev.tandem.testkit.multinode;

/**
 * A barrier failed for every participant: it timed out (the message lists who arrived and who did
 * not), a participant died, or participants named different participant sets.
 */
public final class BarrierException extends MultiNodeException {

  public BarrierException(String message) {
    super(message, null);
  }
}
