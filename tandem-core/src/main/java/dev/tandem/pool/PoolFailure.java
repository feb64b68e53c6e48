package dev.tandem.pool;

/**
 * Why the pool did not (or will not) complete a message. Delivered to the message's {@link
 * FailureReply} so a caller waiting for a reply learns it, and to {@link PoolListener}s. Each
 * variant says what the caller can do about it.
 */
public sealed interface PoolFailure permits PoolOverloaded, PoolStopped, MessageQuarantined {

  /** The pool that gave up on the message. */
  String pool();

  /** One line for logs and error replies. */
  String describe();
}
