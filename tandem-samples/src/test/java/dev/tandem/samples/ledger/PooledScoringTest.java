package dev.tandem.samples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import dev.tandem.testkit.ActorTestKitExtension;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PooledScoringTest {

  @RegisterExtension
  static final ActorTestKitExtension kit =
      ActorTestKitExtension.create(ConfigFactory.parseString("tandem.journal.start-at-boot = off"));

  @Test
  @DisplayName("the rules: a transfer to itself, a non-positive amount or one over the limit is declined")
  void rules() {
    assertInstanceOf(TransferScoring.Declined.class, PooledScoring.verdict("a", "a", 5));
    assertInstanceOf(TransferScoring.Declined.class, PooledScoring.verdict("a", "b", 0));
    assertInstanceOf(TransferScoring.Declined.class, PooledScoring.verdict("a", "b", PooledScoring.LIMIT + 1));
    assertEquals(new TransferScoring.Approved(99), PooledScoring.verdict("a", "b", PooledScoring.LIMIT));
    assertEquals(new TransferScoring.Approved(0), PooledScoring.verdict("a", "b", 1));
  }

  @Test
  @DisplayName("transfers scored through the pool get the rules' verdicts")
  void throughThePool(ActorTestKit testKit) throws Exception {
    TransferScoring scoring = PooledScoring.start(testKit.system());
    for (int i = 1; i <= 200; i++) {
      long amount = i * 3L;
      TransferScoring.Verdict verdict =
          scoring.score("t-" + i, "a", "b", amount).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(PooledScoring.verdict("a", "b", amount), verdict, "transfer t-" + i);
    }
  }
}
