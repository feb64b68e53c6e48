package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("restart types")
class RestartTypesTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  private SupervisionFixture f;
  private TestProbe<SupervisionEvent> events;

  @BeforeEach
  void fixture() {
    f = new SupervisionFixture(kit.testKit());
    events = kit.testKit().createTestProbe();
  }

  private ActorRef<Supervisor.Command> start(Restart restart) {
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("types")
            .strategy(Strategy.ONE_FOR_ALL)
            .intensity(1, Duration.ofMinutes(1))
            .listener(events.getRef())
            .child("sibling", TestChild.factory("sibling", f.life.getRef()), Restart.PERMANENT)
            .child("x", TestChild.factory("x", f.life.getRef()), restart)
            .build());
    f.expectLife("sibling#1 started", "x#1 started");
    return supervisor;
  }

  @Test
  @DisplayName("permanent: restarted after a normal stop too")
  void permanentAfterNormalStop() {
    ActorRef<Supervisor.Command> supervisor = start(Restart.PERMANENT);
    ActorRef<TestChild.Msg> x = f.child(supervisor, "x");
    x.tell(new TestChild.StopNormally());

    f.expectLife("x#1 post-stop", "sibling#1 pre-restart", "sibling#2 started", "x#2 started");
    assertEquals("x#2:back", f.echo(x, "back"));
  }

  @Test
  @DisplayName("transient: restarted after a failure")
  void transientAfterFailure() {
    ActorRef<Supervisor.Command> supervisor = start(Restart.TRANSIENT);
    f.child(supervisor, "x").tell(new TestChild.Crash("boom"));

    f.expectLife("x#1 pre-restart", "sibling#1 pre-restart", "sibling#2 started", "x#2 started");
  }

  @Test
  @DisplayName("transient: removed after a normal stop, siblings untouched")
  void transientAfterNormalStop() {
    ActorRef<Supervisor.Command> supervisor = start(Restart.TRANSIENT);
    f.child(supervisor, "x").tell(new TestChild.StopNormally());

    f.expectLife("x#1 post-stop");
    SupervisionEvent.ChildRemoved removed = events.expectMessageClass(SupervisionEvent.ChildRemoved.class);
    assertEquals("x", removed.child());
    assertEquals(Optional.empty(), removed.cause());
    assertNoChild(supervisor, "x");
    assertEquals("sibling#1:untouched", f.echo(f.child(supervisor, "sibling"), "untouched"));
  }

  @Test
  @DisplayName("temporary: never restarted, its failure restarts no sibling and does not count against the intensity")
  void temporaryNeverRestarted() {
    ActorRef<Supervisor.Command> supervisor = start(Restart.TEMPORARY);
    f.child(supervisor, "x").tell(new TestChild.Crash("boom"));

    f.expectLife("x#1 post-stop");
    SupervisionEvent.ChildRemoved removed = events.expectMessageClass(SupervisionEvent.ChildRemoved.class);
    assertEquals("boom", removed.cause().orElseThrow().getMessage());
    assertNoChild(supervisor, "x");
    assertEquals("sibling#1:untouched", f.echo(f.child(supervisor, "sibling"), "untouched"));

    // The intensity allows one restart: had the temporary child counted, this would escalate.
    f.child(supervisor, "sibling").tell(new TestChild.Crash("boom"));
    f.expectLife("sibling#1 pre-restart", "sibling#2 started");
    events.expectMessageClass(SupervisionEvent.ChildRestarted.class);
  }

  @Test
  @DisplayName("temporary: stopped for good when a sibling's failure restarts the group")
  void temporaryInGroupRestart() {
    ActorRef<Supervisor.Command> supervisor = start(Restart.TEMPORARY);
    f.child(supervisor, "sibling").tell(new TestChild.Crash("boom"));

    f.expectLife("x#1 post-stop", "sibling#1 pre-restart", "sibling#2 started");
    assertNoChild(supervisor, "x");
  }

  private void assertNoChild(ActorRef<Supervisor.Command> supervisor, String name) {
    TestProbe<Supervisor.ChildLocation> location = kit.testKit().createTestProbe();
    supervisor.tell(new Supervisor.WhereIs(name, location.getRef()));
    assertTrue(location.receiveMessage().ref().isEmpty(), "child '" + name + "' should be gone");
    TestProbe<Supervisor.Children> children = kit.testKit().createTestProbe();
    supervisor.tell(new Supervisor.WhichChildren(children.getRef()));
    Supervisor.ChildInfo info = children.receiveMessage().children().stream()
        .filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    assertEquals(Supervisor.ChildStatus.REMOVED, info.status());
  }
}
