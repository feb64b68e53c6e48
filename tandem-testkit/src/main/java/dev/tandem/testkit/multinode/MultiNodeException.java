package dev.tandem.testkit.multinode;

/** Base of the kit's failures; each subclass says what failed and what the nodes were doing. */
public abstract class MultiNodeException extends RuntimeException {

  protected MultiNodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
