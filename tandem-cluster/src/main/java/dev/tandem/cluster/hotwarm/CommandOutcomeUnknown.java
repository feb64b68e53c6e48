package dev.tandem.cluster.hotwarm;

/**
 * No acknowledgement arrived within {@code tandem.hotwarm.client.deadline}: the command may or may
 * not have been applied (it may even be applied later, from a buffer). Ask again with the same
 * command id: if it was applied you get its original reply, otherwise it is applied now, once.
 */
public final class CommandOutcomeUnknown extends RuntimeException {
  private final String commandId;

  public CommandOutcomeUnknown(String commandId, String message) {
    super(message, null, false, false);
    this.commandId = commandId;
  }

  /** The id to retry with. */
  public String commandId() {
    return commandId;
  }
}
