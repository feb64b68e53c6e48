package dev.tandem.cluster.hotwarm;

/**
 * The singleton's command handler threw while deciding this command; nothing was persisted. The
 * message is the handler's exception message. Retrying the same command will most likely fail the
 * same way.
 */
public final class CommandFailed extends RuntimeException {
  public CommandFailed(String message) {
    super(message, null, false, false);
  }
}
