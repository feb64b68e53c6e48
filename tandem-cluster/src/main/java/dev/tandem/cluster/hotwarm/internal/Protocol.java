package dev.tandem.cluster.hotwarm.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tandem.cluster.hotwarm.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The hot-warm wire protocol: what client proxies and actives say to each other across nodes. The
 * user's command and reply travel as their own CBOR with their class name, so one protocol serves
 * every singleton.
 */
public final class Protocol {
  private Protocol() {}

  /** Messages an active (its guard) accepts. */
  public sealed interface ActiveMessage permits Deliver, Handoff {}

  /** Messages a client proxy accepts. */
  public sealed interface ProxyMessage permits Acked, Failed, ActiveIs, ClientProxy.Local {}

  /**
   * A client command for the active: apply {@code command} unless {@code commandId} was already
   * applied, then answer {@code replyTo} with {@link Acked}.
   */
  public record Deliver(
      String commandId,
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class") Object command,
      ActorRef<ProxyMessage> replyTo)
      implements ActiveMessage, CborSerializable {}

  /** The singleton manager's stop message on a graceful hand-over (local only). */
  public record Handoff() implements ActiveMessage {}

  /**
   * The command {@code commandId} is applied (or was, before a retry) and this is its reply. {@code
   * active} is where to send the next command directly.
   */
  public record Acked(
      String commandId,
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class") Object reply,
      ActorRef<ActiveMessage> active)
      implements ProxyMessage, CborSerializable {}

  /** The command handler threw for {@code commandId}; nothing was persisted. */
  public record Failed(String commandId, String error) implements ProxyMessage, CborSerializable {}

  /** A new active announces itself so proxies resend their pending commands to it at once. */
  public record ActiveIs(String name, long epoch, ActorRef<ActiveMessage> active)
      implements ProxyMessage, CborSerializable {}
}
