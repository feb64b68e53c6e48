package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.hotwarm.CommandFailed;
import dev.tandem.cluster.hotwarm.CommandOutcomeUnknown;
import dev.tandem.cluster.hotwarm.CommandRejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A node's client side of one singleton: holds every command until the active acknowledges it,
 * resending it every {@code retry-interval} to wherever the active is by then, and fails it with
 * {@link CommandOutcomeUnknown} at its deadline. At most {@code buffer-size} commands wait; one more
 * is refused at once with {@link CommandRejected}.
 *
 * <p>The route is the active itself once known (learned from its announcement or from any
 * acknowledgement, forgotten when it terminates), else Pekko's singleton proxy.
 */
public final class ClientProxy {
  private ClientProxy() {}

  /** Messages only the local node sends. */
  public sealed interface Local extends Protocol.ProxyMessage permits Submit, Tick {}

  /** Ask for {@code command} to be applied once; {@code result} completes with the reply. */
  public record Submit(String commandId, Object command, CompletableFuture<Object> result) implements Local {}

  record Tick() implements Local {}

  private static final class Pending {
    final String commandId;
    final Object command;
    final List<CompletableFuture<Object>> waiting = new ArrayList<>(1);
    final long deadline;
    long lastSent;

    Pending(String commandId, Object command, long deadline) {
      this.commandId = commandId;
      this.command = command;
      this.deadline = deadline;
    }
  }

  static Behavior<Protocol.ProxyMessage> create(
      SingletonContext singleton, ActorRef<Protocol.ActiveMessage> singletonProxy) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  Duration tick = singleton.settings().retryInterval().dividedBy(2);
                  timers.startTimerWithFixedDelay(new Tick(), tick.isZero() ? singleton.settings().retryInterval() : tick);
                  return new Proxying(context, singleton, singletonProxy).behavior();
                }));
  }

  private static final class Proxying {
    private final ActorContext<Protocol.ProxyMessage> context;
    private final SingletonContext singleton;
    private final ActorRef<Protocol.ActiveMessage> singletonProxy;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final long retryNanos;
    private final long deadlineNanos;
    private ActorRef<Protocol.ActiveMessage> direct;
    private long directEpoch;

    Proxying(ActorContext<Protocol.ProxyMessage> context, SingletonContext singleton, ActorRef<Protocol.ActiveMessage> singletonProxy) {
      this.context = context;
      this.singleton = singleton;
      this.singletonProxy = singletonProxy;
      this.retryNanos = singleton.settings().retryInterval().toNanos();
      this.deadlineNanos = singleton.settings().deadline().toNanos();
    }

    Behavior<Protocol.ProxyMessage> behavior() {
      return Behaviors.receive(Protocol.ProxyMessage.class)
          .onMessage(Submit.class, this::onSubmit)
          .onMessage(Tick.class, t -> onTick())
          .onMessage(Protocol.Acked.class, this::onAcked)
          .onMessage(Protocol.Failed.class, this::onFailed)
          .onMessage(Protocol.ActiveIs.class, this::onActiveIs)
          .onSignal(Terminated.class, t -> {
            if (t.getRef().equals(direct)) {
              direct = null;
              resendAll(); // through the singleton proxy, which waits for the next active
            }
            return Behaviors.same();
          })
          .onSignal(PostStop.class, s -> {
            CommandRejected stopping = new CommandRejected(singleton.name() + ": client proxy stopped (node shutting down)");
            pending.values().forEach(p -> p.waiting.forEach(f -> f.completeExceptionally(stopping)));
            return Behaviors.same();
          })
          .build();
    }

    private Behavior<Protocol.ProxyMessage> onSubmit(Submit submit) {
      Pending existing = pending.get(submit.commandId());
      if (existing != null) {
        existing.waiting.add(submit.result());
        return Behaviors.same();
      }
      if (pending.size() >= singleton.settings().bufferSize()) {
        submit.result().completeExceptionally(new CommandRejected(
            singleton.name() + ": " + pending.size() + " commands already wait for an acknowledgement"
                + " (tandem.hotwarm.client.buffer-size); command " + submit.commandId() + " was not sent"));
        return Behaviors.same();
      }
      Pending p = new Pending(submit.commandId(), submit.command(), System.nanoTime() + deadlineNanos);
      p.waiting.add(submit.result());
      pending.put(p.commandId, p);
      send(p, System.nanoTime());
      return Behaviors.same();
    }

    private void send(Pending p, long now) {
      p.lastSent = now;
      Protocol.Deliver deliver = new Protocol.Deliver(p.commandId, p.command, context.getSelf());
      (direct != null ? direct : singletonProxy).tell(deliver);
    }

    private void resendAll() {
      long now = System.nanoTime();
      pending.values().forEach(p -> send(p, now));
    }

    private Behavior<Protocol.ProxyMessage> onTick() {
      long now = System.nanoTime();
      Iterator<Pending> it = pending.values().iterator();
      while (it.hasNext()) {
        Pending p = it.next();
        if (now - p.deadline >= 0) {
          it.remove();
          CommandOutcomeUnknown unknown = new CommandOutcomeUnknown(p.commandId,
              singleton.name() + ": command " + p.commandId + " not acknowledged within "
                  + singleton.settings().deadline() + " (tandem.hotwarm.client.deadline); it may or may not"
                  + " have been applied: ask again with the same command id");
          p.waiting.forEach(f -> f.completeExceptionally(unknown));
        } else if (now - p.lastSent >= retryNanos) {
          send(p, now);
        }
      }
      return Behaviors.same();
    }

    private Behavior<Protocol.ProxyMessage> onAcked(Protocol.Acked acked) {
      Pending p = pending.remove(acked.commandId());
      if (p != null) {
        p.waiting.forEach(f -> f.complete(acked.reply()));
      }
      if (acked.active() != null && direct == null) {
        useDirect(acked.active(), directEpoch);
      }
      return Behaviors.same();
    }

    private Behavior<Protocol.ProxyMessage> onFailed(Protocol.Failed failed) {
      Pending p = pending.remove(failed.commandId());
      if (p != null) {
        CommandFailed error = new CommandFailed(singleton.name() + ": command " + failed.commandId() + " failed: " + failed.error());
        p.waiting.forEach(f -> f.completeExceptionally(error));
      }
      return Behaviors.same();
    }

    private Behavior<Protocol.ProxyMessage> onActiveIs(Protocol.ActiveIs is) {
      if (!is.name().equals(singleton.name()) || is.epoch() < directEpoch) {
        return Behaviors.same();
      }
      useDirect(is.active(), is.epoch());
      resendAll();
      return Behaviors.same();
    }

    private void useDirect(ActorRef<Protocol.ActiveMessage> active, long epoch) {
      if (direct != null && !direct.equals(active)) {
        context.unwatch(direct);
      }
      direct = active;
      directEpoch = epoch;
      context.watch(active);
    }
  }
}
