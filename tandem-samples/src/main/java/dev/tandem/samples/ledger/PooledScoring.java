package dev.tandem.samples.ledger;

import dev.tandem.pool.Pool;
import dev.tandem.pool.PoolSettings;
import dev.tandem.pool.PoolSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** {@link TransferScoring} on a local hot-hot pool of scorers (tandem.pool.* settings). */
final class PooledScoring implements TransferScoring {

  /** Transfers above this amount are declined: the "fraud rule" of the sample. */
  static final long LIMIT = 400;

  record Score(String transferId, String from, String to, long amount, CompletableFuture<Verdict> result) {}

  private final Pool<Score> pool;

  private PooledScoring(Pool<Score> pool) {
    this.pool = pool;
  }

  static PooledScoring start(ActorSystem<?> system) {
    Pool<Score> pool = Pool.start(system, PoolSpec.of("ledger-scoring", scorer(), PoolSettings.create(system))
        .withFailureReply((score, failure) ->
            score.result().completeExceptionally(new IllegalStateException(failure.describe()))));
    return new PooledScoring(pool);
  }

  static Behavior<Score> scorer() {
    return Behaviors.receiveMessage(score -> {
      score.result().complete(verdict(score.from(), score.to(), score.amount()));
      return Behaviors.same();
    });
  }

  /** The rules, deterministic so a retry gets the same verdict on any node. */
  static Verdict verdict(String from, String to, long amount) {
    if (from.equals(to) || amount <= 0) {
      return new Declined("not a transfer");
    }
    if (amount > LIMIT) {
      return new Declined("amount " + amount + " over the limit " + LIMIT);
    }
    return new Approved((int) (amount * 100 / (LIMIT + 1)));
  }

  @Override
  public CompletionStage<Verdict> score(String transferId, String from, String to, long amount) {
    Score score = new Score(transferId, from, to, amount, new CompletableFuture<>());
    pool.tell(score); // a refusal completes the future through the failure reply
    return score.result();
  }
}
