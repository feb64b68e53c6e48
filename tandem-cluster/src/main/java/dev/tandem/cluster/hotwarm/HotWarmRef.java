package dev.tandem.cluster.hotwarm;

import dev.tandem.cluster.hotwarm.internal.ClientProxy;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The way to a hot-warm singleton from this node, wherever its active runs and across takeovers.
 *
 * <p>{@link #ask} completes with the reply once the active has applied the command and the journal
 * has acknowledged its events; it fails with:
 *
 * <ul>
 *   <li>{@link CommandRejected} at once when this node already has {@code
 *       tandem.hotwarm.client.buffer-size} commands waiting (not sent, not applied);
 *   <li>{@link CommandOutcomeUnknown} when no acknowledgement came within {@code
 *       tandem.hotwarm.client.deadline} (applied or not: ask again with the same id);
 *   <li>{@link CommandFailed} when the command handler threw (nothing applied).
 * </ul>
 *
 * Each command is applied at most once per command id, across retries and takeovers, as long as
 * it was applied less than {@code tandem.hotwarm.remembered-for} ago (never shorter than the
 * client deadline, so the proxy's own retries are always recognised) or its id is among the last
 * {@code tandem.hotwarm.remembered-commands} applied.
 */
public final class HotWarmRef<C, R> {

  private final String name;
  private final ActorRef<ClientProxy.Submit> proxy;

  HotWarmRef(String name, ActorRef<ClientProxy.Submit> proxy) {
    this.name = name;
    this.proxy = proxy;
  }

  /** The singleton's name. */
  public String name() {
    return name;
  }

  /** Sends {@code command} with a fresh command id. */
  public CompletionStage<R> ask(C command) {
    return ask(UUID.randomUUID().toString(), command);
  }

  /**
   * Sends {@code command} under {@code commandId}: if a command with this id was already applied,
   * the reply is its original one and nothing is applied again.
   */
  @SuppressWarnings("unchecked")
  public CompletionStage<R> ask(String commandId, C command) {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(command, "command");
    CompletableFuture<Object> result = new CompletableFuture<>();
    proxy.tell(new ClientProxy.Submit(commandId, command, result));
    return result.thenApply(reply -> (R) reply);
  }

  @Override
  public String toString() {
    return "HotWarmRef(" + name + ")";
  }
}
