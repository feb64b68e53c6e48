package dev.tandem.testkit.multinode;

/**
 * A bounded wait of the kit expired. The message names what was awaited, the bound, and for each
 * node its state, process id and latest cluster view; the test's failure report also carries every
 * node's log tail when the extension is in use.
 */
public final class MultiNodeTimeoutException extends MultiNodeException {

  public MultiNodeTimeoutException(String message) {
    super(message, null);
  }
}
