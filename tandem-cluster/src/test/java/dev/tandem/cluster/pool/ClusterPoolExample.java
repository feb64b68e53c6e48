package dev.tandem.cluster.pool;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example of docs/cluster-pool.md. {@link ClusterPoolExampleTest} runs it on three nodes and
 * checks that the document quotes the regions between {@code doc:begin} and {@code doc:end}
 * verbatim, so the document's code is code that compiles and works.
 */
final class ClusterPoolExample {

  private static final Logger log = LoggerFactory.getLogger(ClusterPoolExample.class);

  private ClusterPoolExample() {}

  // doc:begin protocol
  /** Every message that crosses nodes: bound to jackson-cbor in application.conf. */
  interface Wire {}

  /** The pool's jobs. */
  sealed interface Job extends Wire permits Score, Charge {}

  /** Idempotent: running it twice gives the same answer. */
  record Score(String transferId, long cents, ActorRef<ScoreReply> replyTo) implements Job {}

  /** Not idempotent: charging twice takes the money twice. */
  record Charge(String paymentId, long cents, ActorRef<Charged> replyTo) implements Job {}

  sealed interface ScoreReply extends Wire permits Scored, NotScored {}

  record Scored(String transferId, int risk) implements ScoreReply {}

  record NotScored(String transferId, String why) implements ScoreReply {}

  record Charged(String paymentId) implements Wire {}
  // doc:end

  // doc:begin worker
  /** Where a charge goes: a payment provider, say. */
  interface Payments {
    void charge(String paymentId, long cents);
  }

  /** The worker: an ordinary behavior; each worker on each node runs its own copy. */
  static Behavior<Job> worker(Payments payments) {
    return Behaviors.receiveMessage(job -> {
      if (job instanceof Score score) {
        score.replyTo().tell(new Scored(score.transferId(), (int) (score.cents() / 100 % 100)));
      } else if (job instanceof Charge charge) {
        payments.charge(charge.paymentId(), charge.cents());
        charge.replyTo().tell(new Charged(charge.paymentId()));
      }
      return Behaviors.same();
    });
  }
  // doc:end

  // doc:begin start
  /** Run on every node, with the same name and the same spec. */
  static ClusterPool<Job> start(ActorSystem<?> system, Payments payments) {
    return ClusterPool.start(system,
        ClusterPoolSpec.of("scoring", worker(payments), ClusterPoolSettings.create(system))
            // A charge must never run twice, not even across a partition (decision record 062).
            .withAtMostOnce(job -> job instanceof Charge)
            // How the sender of a tell learns that the pool gave up on its job.
            .withFailureReply((job, failure) -> {
              if (job instanceof Score score) {
                score.replyTo().tell(new NotScored(score.transferId(), failure.describe()));
              }
            })
            .withListener(event -> log.info("{}", event)));
  }
  // doc:end

  // doc:begin ask
  /** Scores a transfer somewhere in the cluster: exactly one outcome, by job-timeout. */
  static CompletionStage<String> score(ClusterPool<Job> pool, String transferId, long cents) {
    return pool.<ScoreReply>ask(replyTo -> new Score(transferId, cents, replyTo))
        .handle((reply, error) -> {
          if (error instanceof ClusterPoolException e) {
            return transferId + " not scored, " + next(e.failure(), true) + ": " + e.failure().describe();
          } else if (error != null) {
            throw new IllegalStateException(error);   // not the pool's: a bug in the caller's code
          }
          return transferId + " risk " + ((Scored) reply).risk();
        });
  }

  /** Charges at most once, wherever it runs and whatever fails. */
  static CompletionStage<Charged> charge(ClusterPool<Job> pool, String paymentId, long cents) {
    return pool.ask(replyTo -> new Charge(paymentId, cents, replyTo));
  }

  /** Fire and forget: the answer, or NotScored from the failure reply, goes to replyTo. */
  static boolean scoreLater(ClusterPool<Job> pool, String transferId, long cents, ActorRef<ScoreReply> replyTo) {
    return pool.tell(new Score(transferId, cents, replyTo));   // false: refused at once, NotScored sent
  }
  // doc:end

  // doc:begin failures
  /** What a caller does after a failure. */
  enum Next { RETRY, RETRY_LATER, CHECK_EFFECTS_FIRST, GIVE_UP }

  static Next next(ClusterPoolFailure failure, boolean idempotent) {
    if (failure instanceof JobQuarantined) {
      return Next.GIVE_UP;              // it made max-attempts workers throw: poison, see the log
    } else if (failure instanceof JobUndeliverable u && u.certainlyNotRun()) {
      return Next.GIVE_UP;              // its class has no serializer binding: a bug to fix
    } else if (failure instanceof ClusterPoolOverloaded) {
      return Next.RETRY_LATER;          // not run: back off, or shed load
    } else if (failure.certainlyNotRun() || idempotent) {
      return Next.RETRY;                // not run, or running it again is harmless
    }
    return Next.CHECK_EFFECTS_FIRST;    // it may have run (JobOutcomeUnknown, JobTimedOut, ...)
  }
  // doc:end

  // doc:begin counters
  /** Where the jobs submitted through this node ran: node (host:port) to jobs completed there. */
  static Map<String, Long> distribution(ClusterPool<Job> pool) {
    Map<String, Long> ranOn = new TreeMap<>();
    pool.counters().perNode().forEach((node, counters) -> ranOn.put(node, counters.completed()));
    return ranOn;
  }
  // doc:end
}
