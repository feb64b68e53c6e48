package dev.tandem.testkit.multinode;

/**
 * A task failed on its node: it threw (the message carries the node-side exception's class,
 * message and stack trace), its parameters or result could not cross as JSON, or the node died
 * while running it.
 */
public final class NodeTaskException extends MultiNodeException {

  public NodeTaskException(String message) {
    super(message, null);
  }

  public NodeTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
