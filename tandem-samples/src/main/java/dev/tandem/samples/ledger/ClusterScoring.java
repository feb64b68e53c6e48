package dev.tandem.samples.ledger;

import dev.tandem.cluster.pool.ClusterPool;
import dev.tandem.cluster.pool.ClusterPoolCounters;
import dev.tandem.cluster.pool.ClusterPoolSettings;
import dev.tandem.cluster.pool.ClusterPoolSpec;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@link TransferScoring} on a cluster pool ({@link ClusterPool}) named {@value #POOL}: every ledger
 * node starts it, runs {@code tandem.cluster-pool.workers-per-node} scorers applying {@link
 * ScoringRules}, and sends the transfers its own desk receives to the scorers of all nodes
 * (round-robin). Settings: {@code tandem.cluster-pool} (the samples' {@code application.conf} sets
 * the deadlines).
 *
 * <p>What holds:
 *
 * <ul>
 *   <li>{@link #score} completes once, within {@code job-timeout} (3 s in the sample, under the load
 *       client's 5 s), with the rules' verdict or with a {@code ClusterPoolException};
 *   <li>a scoring job held by another node when that node dies is scored again on a live node
 *       (the pool re-dispatches it once the node is removed, or unreachable for {@code
 *       unreachable-timeout}); the desk just sees a later verdict;
 *   <li>scoring jobs are ordinary, at-least-once jobs: a node that was only cut off may score a
 *       transfer that was also scored elsewhere. Harmless: scoring has no side effects, the rules
 *       give both runs the same verdict, and the pool delivers only the first reply.
 * </ul>
 *
 * <p>Failure: the stage fails with a {@code ClusterPoolException} whose {@code failure()} says why
 * (overloaded, stopped, quarantined, timed out, undeliverable); {@link TransferDesk#scoringFailed}
 * turns it into the client's outcome. If this node dies, the scores it was waiting for die with its
 * desk, which had not forwarded them: the load client's retry on another desk covers that.
 */
final class ClusterScoring implements TransferScoring {

  static final String POOL = "ledger-scoring";

  /**
   * A scoring job. It crosses nodes, so it is bound to jackson-cbor in the samples' {@code
   * application.conf}; the scorer replies with a {@link TransferScoring.Verdict}, bound there too.
   */
  record Score(String transferId, String from, String to, long amount, ActorRef<Verdict> replyTo) {}

  private final ClusterPool<Score> pool;

  private ClusterScoring(ClusterPool<Score> pool) {
    this.pool = pool;
  }

  /** Starts this node's part of the {@value #POOL} pool with the system's {@code tandem.cluster-pool} settings. */
  static ClusterScoring start(ActorSystem<?> system) {
    return start(system, POOL, ClusterPoolSettings.create(system));
  }

  /**
   * Starts this node's part of the pool {@code name}; every node must use the same name.
   *
   * @throws IllegalStateException if the system is not a cluster member
   * @throws IllegalArgumentException if a pool of that name already runs here
   */
  static ClusterScoring start(ActorSystem<?> system, String name, ClusterPoolSettings settings) {
    return new ClusterScoring(ClusterPool.start(system, ClusterPoolSpec.of(name, scorer(), settings)));
  }

  /** A scorer: replies with the rules' verdict; never fails, so no job is ever quarantined. */
  static Behavior<Score> scorer() {
    return Behaviors.receiveMessage(score -> {
      score.replyTo().tell(ScoringRules.verdict(score.from(), score.to(), score.amount()));
      return Behaviors.same();
    });
  }

  @Override
  public CompletionStage<Verdict> score(String transferId, String from, String to, long amount) {
    return pool.<Verdict>ask(replyTo -> new Score(transferId, from, to, amount, replyTo));
  }

  /** The jobs this node's desk submitted, with re-dispatches after node loss. */
  ClusterPoolCounters counters() {
    return pool.counters();
  }

  /** The nodes ({@code host:port}) whose scorers this node currently routes to. */
  Set<String> liveNodes() {
    return pool.liveNodes();
  }
}
