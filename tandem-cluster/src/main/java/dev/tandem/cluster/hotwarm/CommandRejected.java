package dev.tandem.cluster.hotwarm;

/**
 * The command was refused before it was sent and was certainly not applied: the node's client proxy
 * already holds {@code tandem.hotwarm.client.buffer-size} unacknowledged commands (a takeover is
 * probably under way), or the proxy is stopping. Back off and retry; or raise the buffer size.
 */
public final class CommandRejected extends RuntimeException {
  public CommandRejected(String message) {
    super(message, null, false, false);
  }
}
