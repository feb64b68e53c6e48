package dev.tandem.testkit.multinode;

/**
 * A node could not start: its JVM or ActorSystem failed (bad configuration names the key in the
 * message), its port was taken, or it did not report within the start timeout. The message ends
 * with the node's log tail.
 */
public final class NodeStartException extends MultiNodeException {

  public NodeStartException(String message) {
    super(message, null);
  }
}
