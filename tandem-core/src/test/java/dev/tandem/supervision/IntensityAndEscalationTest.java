package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("restart intensity and escalation")
class IntensityAndEscalationTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  private SupervisionFixture f;

  @BeforeEach
  void fixture() {
    f = new SupervisionFixture(kit.testKit());
  }

  @Test
  @DisplayName("up to N restarts within T are done; one more stops all children in reverse order and fails the supervisor")
  void intensityExceeded() {
    TestProbe<SupervisionEvent> events = kit.testKit().createTestProbe();
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("limited")
            .intensity(2, Duration.ofMinutes(1))
            .listener(events.getRef())
            .child("a", TestChild.factory("a", f.life.getRef()), Restart.PERMANENT)
            .child("b", TestChild.factory("b", f.life.getRef()), Restart.PERMANENT)
            .child("c", TestChild.factory("c", f.life.getRef()), Restart.PERMANENT)
            .build());
    f.expectLife("a#1 started", "b#1 started", "c#1 started");
    ActorRef<TestChild.Msg> b = f.child(supervisor, "b");

    b.tell(new TestChild.Crash("first"));
    f.expectLife("b#1 pre-restart", "b#2 started");
    b.tell(new TestChild.Crash("second"));
    f.expectLife("b#2 pre-restart", "b#3 started");
    b.tell(new TestChild.Crash("third"));

    f.expectLife("c#1 post-stop", "b#3 post-stop", "a#1 post-stop");
    TestProbe<Object> watcher = kit.testKit().createTestProbe();
    watcher.expectTerminated(supervisor, SupervisionFixture.TIMEOUT);

    events.expectMessageClass(SupervisionEvent.ChildRestarted.class);
    events.expectMessageClass(SupervisionEvent.ChildRestarted.class);
    SupervisionEvent.Escalated escalated = events.expectMessageClass(SupervisionEvent.Escalated.class);
    assertEquals("b", escalated.failedChild());
    assertEquals(2, escalated.restartsInWindow());
    assertEquals("third", escalated.cause().orElseThrow().getMessage());
  }

  @Test
  @DisplayName("two levels: a child supervisor that escalates is restarted with its whole subtree by its parent")
  void parentRestartsEscalatedSubtree() {
    TestProbe<SupervisionEvent> parentEvents = kit.testKit().createTestProbe();
    // Made once, so incarnation numbers keep counting across restarts of "sub".
    var xFactory = TestChild.factory("x", f.life.getRef());
    var yFactory = TestChild.factory("y", f.life.getRef());
    ActorRef<Supervisor.Command> parent = kit.testKit().spawn(
        Supervisor.builder("parent")
            .intensity(3, Duration.ofMinutes(1))
            .listener(parentEvents.getRef())
            .child("other", TestChild.factory("other", f.life.getRef()), Restart.PERMANENT)
            .child("sub", () -> Supervisor.builder("sub")
                .intensity(1, Duration.ofMinutes(1))
                .child("x", xFactory, Restart.PERMANENT)
                .child("y", yFactory, Restart.PERMANENT)
                .build(), Restart.PERMANENT)
            .build());
    f.expectLife("other#1 started", "x#1 started", "y#1 started");
    ActorRef<Supervisor.Command> sub = lookupSupervisor(parent, "sub");
    ActorRef<TestChild.Msg> x = f.child(sub, "x");

    x.tell(new TestChild.Crash("once"));
    f.expectLife("x#1 pre-restart", "x#2 started");
    x.tell(new TestChild.Crash("twice"));

    // sub gives up: stops y then x, fails; parent restarts sub, which starts x and y afresh.
    f.expectLife("y#1 post-stop", "x#2 post-stop", "x#3 started", "y#2 started");
    SupervisionEvent.ChildRestarted restarted =
        parentEvents.expectMessageClass(SupervisionEvent.ChildRestarted.class);
    assertEquals("sub", restarted.child());
    SupervisorEscalation cause = assertInstanceOf(SupervisorEscalation.class, restarted.cause().orElseThrow());
    assertEquals("x", cause.failedChild());
    assertEquals("twice", cause.getCause().getMessage());

    assertEquals("other#1:untouched", f.echo(f.child(parent, "other"), "untouched"));
    // sub kept its address; its children are new actors after a restart of sub itself.
    assertEquals("x#3:found again", f.echo(f.child(lookupSupervisor(parent, "sub"), "x"), "found again"));
  }

  @Test
  @DisplayName("at the top of a tree an escalation is logged with the chain of causes, not a silent death")
  void topLevelEscalationIsReported() {
    try (LogCapture log = LogCapture.of(Supervisor.class, Level.WARN)) {
      ActorRef<Supervisor.Command> top = kit.testKit().spawn(
          Supervisor.builder("top")
              .intensity(1, Duration.ofMinutes(1))
              .child("a", TestChild.factory("a", f.life.getRef(), n -> n >= 2), Restart.PERMANENT)
              .build());
      f.expectLife("a#1 started");
      f.child(top, "a").tell(new TestChild.Crash("disk full"));

      TestProbe<Object> watcher = kit.testKit().createTestProbe();
      watcher.expectTerminated(top, SupervisionFixture.TIMEOUT);
      String line = log.awaitMessage(m -> m.contains("gave up"));
      assertTrue(line.contains("supervisor 'top' gave up: child 'a' ended with IllegalStateException: a cannot start (attempt 2)"), line);
      assertTrue(line.contains("one more than the limit of 1 restart within 1m"), line);
    }
  }

  private ActorRef<Supervisor.Command> lookupSupervisor(ActorRef<Supervisor.Command> parent, String name) {
    try {
      return Supervisor.lookup(parent, name, Supervisor.Command.class, SupervisionFixture.TIMEOUT, kit.system())
          .toCompletableFuture().get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
