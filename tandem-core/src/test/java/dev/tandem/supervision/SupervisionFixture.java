package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** What the supervision tests share: a lifecycle probe, child lookup and ordered expectations. */
final class SupervisionFixture {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  final ActorTestKit kit;
  final TestProbe<TestChild.Life> life;
  final TestProbe<String> replies;

  SupervisionFixture(ActorTestKit kit) {
    this.kit = kit;
    this.life = kit.createTestProbe();
    this.replies = kit.createTestProbe();
  }

  ActorRef<TestChild.Msg> child(ActorRef<Supervisor.Command> supervisor, String name) {
    try {
      return Supervisor.lookup(supervisor, name, TestChild.Msg.class, TIMEOUT, kit.system())
          .toCompletableFuture()
          .get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("lookup of child '" + name + "' failed", e);
    }
  }

  /** Expects exactly these lifecycle steps, in this order ("a#1 started", "b#2 pre-restart", ...). */
  void expectLife(String... steps) {
    List<String> seen = life.receiveSeveralMessages(steps.length, TIMEOUT).stream()
        .map(TestChild.Life::toString)
        .toList();
    assertEquals(List.of(steps), seen);
  }

  /** Asks the child to echo and returns the reply, which names the incarnation that answered. */
  String echo(ActorRef<TestChild.Msg> child, String text) {
    child.tell(new TestChild.Echo(text, replies.getRef()));
    return replies.receiveMessage(TIMEOUT);
  }
}
