package dev.tandem.samples.ledger;

import dev.tandem.cluster.hotwarm.CborSerializable;
import dev.tandem.cluster.hotwarm.CommandFailed;
import dev.tandem.cluster.hotwarm.CommandOutcomeUnknown;
import dev.tandem.cluster.hotwarm.CommandRejected;
import dev.tandem.cluster.hotwarm.HotWarmRef;
import dev.tandem.cluster.pool.ClusterPoolException;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The front door of a ledger node: takes a transfer from a client, has it scored by the node's
 * {@link TransferScoring} and, only with an {@link TransferScoring.Approved} verdict in hand, applies
 * it through the ledger singleton's proxy with the transfer's id as the command id. Registered with
 * the Receptionist under {@link #KEY} on every node, so clients can use any node and move to another
 * when one dies.
 *
 * <p>Every {@link Submit} gets exactly one {@link Outcome}, unless this node dies first (the client's
 * ask then times out: unknown). An outcome states what is true of the <em>transfer</em> (its id),
 * not only of this attempt: on a retry ({@link Submit#retry()}) an earlier attempt may have reached
 * the ledger, so only answers that hold for every attempt are final there (see {@link
 * #scoringFailed} and {@link #ledgerOutcome}).
 */
final class TransferDesk {

  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "ledger-desk");

  sealed interface Command extends CborSerializable {}

  /**
   * A transfer to apply once.
   *
   * @param retry true if an earlier attempt with this id ended without a final outcome (the client
   *     got {@link Unknown} or no answer), so it may have been applied
   */
  record Submit(String transferId, String from, String to, long amount, boolean retry, ActorRef<Outcome> replyTo)
      implements Command {}

  record ReadBalances(ActorRef<Outcome> replyTo) implements Command {}

  /** What the client learns; each maps to one history outcome. */
  sealed interface Outcome extends CborSerializable {}

  /** Applied once; acknowledged by the journal. */
  record Applied(String transferId, long fromBalance) implements Outcome {}

  /**
   * Certainly not applied, by this attempt or any other with the same id: declined by scoring,
   * refused by the ledger, or (on a first attempt) never sent to the ledger.
   */
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
              r.replyTo().tell(new Unknown("", error == null ? String.valueOf(reply) : describe(error)));
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
        s.replyTo().tell(scoringFailed(s.transferId(), s.retry(), scoringError));
      } else if (verdict instanceof TransferScoring.Declined d) {
        // Deterministic rules: an earlier attempt was declined too, so this holds on a retry.
        s.replyTo().tell(new NotApplied(s.transferId(), "declined: " + d.why()));
      } else if (verdict instanceof TransferScoring.Approved a) {
        ledger.ask(s.transferId(), new Ledger.Transfer(s.from(), s.to(), s.amount(), a.risk()))
            .whenComplete((reply, error) -> s.replyTo().tell(ledgerOutcome(s.transferId(), s.retry(), reply, error)));
      }
    });
  }

  /**
   * What a scoring failure means for the transfer. The desk forwards a transfer only with a verdict
   * in hand, and scoring has no side effects. So whatever the failure says about the scoring
   * <em>job</em> (a cluster pool's {@code ClusterPoolFailure}: refused before running when
   * overloaded or stopping; ran and threw when quarantined; may have run when it timed out after
   * being sent, was undeliverable after re-dispatches, or its outcome is unknown), this attempt
   * certainly did not apply the transfer: a scoring job that ran without its verdict reaching the
   * desk moved no money.
   *
   * <p>That is the whole truth on a first attempt: {@link NotApplied}. On a retry it is not: an
   * earlier attempt with the same id may have been scored, forwarded and applied, and only the
   * ledger (which remembers replies by id) can tell. So on a retry the answer is {@link Unknown},
   * and the client asks again with the same id.
   *
   * @param error how the scoring stage failed (a {@code CompletionException} is unwrapped)
   */
  static Outcome scoringFailed(String transferId, boolean retry, Throwable error) {
    String why = "scoring: " + describe(error);
    return retry ? new Unknown(transferId, why + "; an earlier attempt may have applied it")
        : new NotApplied(transferId, why + "; not sent to the ledger");
  }

  /**
   * What the ledger's answer means for the transfer. Its replies are final on any attempt: {@code
   * Done} and {@code Refused} are persisted and remembered by command id, so a retry gets the
   * original reply. Its failures are about this attempt: {@link CommandRejected} (not sent) and
   * {@link CommandFailed} (the handler threw, nothing persisted) mean not applied on a first
   * attempt, unknown on a retry; {@link CommandOutcomeUnknown} and anything unexpected are unknown.
   */
  static Outcome ledgerOutcome(String id, boolean retry, Ledger.Reply reply, Throwable error) {
    if (error == null) {
      if (reply instanceof Ledger.Done d) {
        return new Applied(id, d.fromBalance());
      }
      if (reply instanceof Ledger.Refused r) {
        return new NotApplied(id, "refused: " + r.why());
      }
      return new Unknown(id, "unexpected reply " + reply);
    }
    Throwable cause = unwrap(error);
    if (cause instanceof CommandRejected || cause instanceof CommandFailed) {
      String why = (cause instanceof CommandRejected ? "rejected: " : "failed: ") + cause.getMessage();
      return retry ? new Unknown(id, why + "; an earlier attempt may have applied it") : new NotApplied(id, why);
    }
    if (cause instanceof CommandOutcomeUnknown) {
      return new Unknown(id, "outcome unknown");
    }
    return new Unknown(id, describe(cause));
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static String describe(Throwable t) {
    Throwable c = unwrap(t);
    if (c instanceof ClusterPoolException e) {
      return e.failure().getClass().getSimpleName() + ": " + e.failure().describe();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
