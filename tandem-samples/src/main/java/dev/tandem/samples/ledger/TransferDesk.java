package dev.tandem.samples.ledger;

import dev.tandem.cluster.hotwarm.CborSerializable;
import dev.tandem.cluster.hotwarm.CommandFailed;
import dev.tandem.cluster.hotwarm.CommandOutcomeUnknown;
import dev.tandem.cluster.hotwarm.CommandRejected;
import dev.tandem.cluster.hotwarm.HotWarmRef;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The front door of a ledger node: takes a transfer from a client, has it scored by the node's
 * {@link TransferScoring} and, if approved, applies it through the ledger singleton's proxy with the
 * transfer's id as the command id. Registered with the Receptionist under {@link #KEY} on every
 * node, so clients can use any node and move to another when one dies.
 */
final class TransferDesk {

  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "ledger-desk");

  sealed interface Command extends CborSerializable {}

  record Submit(String transferId, String from, String to, long amount, ActorRef<Outcome> replyTo)
      implements Command {}

  record ReadBalances(ActorRef<Outcome> replyTo) implements Command {}

  /** What the client learns; each maps to one history outcome. */
  sealed interface Outcome extends CborSerializable {}

  /** Applied once; acknowledged by the journal. */
  record Applied(String transferId, long fromBalance) implements Outcome {}

  /** Certainly not applied (declined by scoring, refused by the ledger, or not sent: overload). */
  record NotApplied(String transferId, String why) implements Outcome {}

  /** Applied or not; retry with the same id to find out. */
  record Unknown(String transferId, String why) implements Outcome {}

  record Balances(java.util.Map<String, Long> balances) implements Outcome {}

  private TransferDesk() {}

  static Behavior<Command> create(TransferScoring scoring, HotWarmRef<Ledger.Command, Ledger.Reply> ledger) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return Behaviors.receiveMessage(command -> {
        if (command instanceof Submit s) {
          submit(s, scoring, ledger);
        } else if (command instanceof ReadBalances r) {
          ledger.ask(new Ledger.ReadBalances()).whenComplete((reply, error) -> {
            if (reply instanceof Ledger.Balances b) {
              r.replyTo().tell(new Balances(b.balances()));
            } else {
              r.replyTo().tell(new Unknown("", error == null ? String.valueOf(reply) : rootMessage(error)));
            }
          });
        }
        return Behaviors.same();
      });
    });
  }

  private static void submit(Submit s, TransferScoring scoring, HotWarmRef<Ledger.Command, Ledger.Reply> ledger) {
    scoring.score(s.transferId(), s.from(), s.to(), s.amount()).whenComplete((verdict, scoringError) -> {
      if (scoringError != null) {
        s.replyTo().tell(new NotApplied(s.transferId(), "scoring: " + rootMessage(scoringError)));
      } else if (verdict instanceof TransferScoring.Declined d) {
        s.replyTo().tell(new NotApplied(s.transferId(), "declined: " + d.why()));
      } else if (verdict instanceof TransferScoring.Approved a) {
        ledger.ask(s.transferId(), new Ledger.Transfer(s.from(), s.to(), s.amount(), a.risk()))
            .whenComplete((reply, error) -> s.replyTo().tell(outcome(s.transferId(), reply, error)));
      }
    });
  }

  private static Outcome outcome(String id, Ledger.Reply reply, Throwable error) {
    if (error == null) {
      if (reply instanceof Ledger.Done d) {
        return new Applied(id, d.fromBalance());
      }
      if (reply instanceof Ledger.Refused r) {
        return new NotApplied(id, "refused: " + r.why());
      }
      return new Unknown(id, "unexpected reply " + reply);
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof CommandRejected) {
      return new NotApplied(id, "rejected: " + cause.getMessage());
    }
    if (cause instanceof CommandFailed) {
      return new NotApplied(id, "failed: " + cause.getMessage());
    }
    if (cause instanceof CommandOutcomeUnknown) {
      return new Unknown(id, "outcome unknown");
    }
    return new Unknown(id, rootMessage(cause));
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
