package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import com.typesafe.config.ConfigFactory;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("stable addresses")
class StableAddressTest {

  @RegisterExtension
  static final ActorTestKitExtension kit = ActorTestKitExtension.create(
      ConfigFactory.parseString("tandem.supervision.stash-capacity = 2")
          .withFallback(ManualTime.config()));

  private SupervisionFixture f;

  @BeforeEach
  void fixture() {
    f = new SupervisionFixture(kit.testKit());
  }

  @Test
  @DisplayName("a reference taken once keeps reaching the child across restarts, and messages sent during a restart are kept in order")
  void messagesDuringRestartAreKept() {
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("stable")
            .child("a", TestChild.factory("a", f.life.getRef()), Restart.PERMANENT)
            .build());
    f.expectLife("a#1 started");
    ActorRef<TestChild.Msg> a = f.child(supervisor, "a");

    a.tell(new TestChild.Crash("boom"));
    // Queued behind the failing message: they reach the child while it is restarting.
    a.tell(new TestChild.Echo("1", f.replies.getRef()));
    a.tell(new TestChild.Echo("2", f.replies.getRef()));

    f.expectLife("a#1 pre-restart", "a#2 started");
    assertEquals("a#2:1", f.replies.receiveMessage());
    assertEquals("a#2:2", f.replies.receiveMessage());
    assertEquals(a, f.child(supervisor, "a"), "the supervisor hands out the same reference");
  }

  @Test
  @DisplayName("messages beyond the stash capacity during a restart go to dead letters with a warning")
  void stashOverflow() {
    ManualTime time = ManualTime.get(kit.system());
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("small-stash")
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.0)
            .child("a", TestChild.factory("a", f.life.getRef()), Restart.PERMANENT)
            .build());
    f.expectLife("a#1 started");
    ActorRef<TestChild.Msg> a = f.child(supervisor, "a");

    try (LogCapture log = LogCapture.of(Supervisor.class, Level.WARN)) {
      a.tell(new TestChild.Crash("boom"));
      for (int i = 1; i <= 3; i++) {
        a.tell(new TestChild.Echo(String.valueOf(i), f.replies.getRef()));
      }
      f.expectLife("a#1 pre-restart");
      String warning = log.awaitMessage(m -> m.contains("stash-capacity"));
      assertEquals(
          "child 'a' is restarting and already keeps 2 messages (tandem.supervision.stash-capacity);"
              + " a dev.tandem.supervision.TestChild$Echo goes to dead letters",
          warning);
    }
    time.timePasses(Duration.ofSeconds(1));
    f.expectLife("a#2 started");
    assertEquals("a#2:1", f.replies.receiveMessage());
    assertEquals("a#2:2", f.replies.receiveMessage());
    f.replies.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  @DisplayName("looking up an unknown child fails with NoSuchElementException naming it")
  void unknownChild() {
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("lookup").child("a", TestChild.factory("a", f.life.getRef()), Restart.PERMANENT).build());
    var failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
        Supervisor.lookup(supervisor, "nope", TestChild.Msg.class, SupervisionFixture.TIMEOUT, kit.system())
            .toCompletableFuture().get());
    NoSuchElementException cause = assertInstanceOf(NoSuchElementException.class, failure.getCause());
    assertEquals("no child named 'nope'", cause.getMessage());
  }
}
