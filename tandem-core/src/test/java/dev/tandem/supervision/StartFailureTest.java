package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("failures while starting a child")
class StartFailureTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  private SupervisionFixture f;
  private TestProbe<SupervisionEvent> events;

  @BeforeEach
  void fixture() {
    f = new SupervisionFixture(kit.testKit());
    events = kit.testKit().createTestProbe();
  }

  @Test
  @DisplayName("a set-up that throws counts as a failure: the child is restarted and later children wait for it")
  void setupThrowsOnce() {
    kit.testKit().spawn(
        Supervisor.builder("flaky-start")
            .intensity(3, Duration.ofMinutes(1))
            .listener(events.getRef())
            .child("a", TestChild.factory("a", f.life.getRef(), n -> n == 1), Restart.PERMANENT)
            .child("b", TestChild.factory("b", f.life.getRef()), Restart.PERMANENT)
            .build());

    f.expectLife("a#2 started", "b#1 started");
    var restarted = events.expectMessageClass(SupervisionEvent.ChildRestarted.class);
    assertEquals("a cannot start (attempt 1)", restarted.cause().orElseThrow().getMessage());
  }

  @Test
  @DisplayName("a factory that throws counts as a failure under the same intensity: past it the supervisor escalates")
  void factoryAlwaysThrows() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<Behavior<TestChild.Msg>> broken = () -> {
      calls.incrementAndGet();
      throw new IllegalArgumentException("no such database");
    };
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("broken-start")
            .intensity(2, Duration.ofMinutes(1))
            .listener(events.getRef())
            .child("ok", TestChild.factory("ok", f.life.getRef()), Restart.PERMANENT)
            .child("db", broken, Restart.PERMANENT)
            .build());

    f.expectLife("ok#1 started", "ok#1 post-stop");
    kit.testKit().createTestProbe().expectTerminated(supervisor, SupervisionFixture.TIMEOUT);
    // No restart ever succeeded, so the first event is the escalation.
    var escalated = events.expectMessageClass(SupervisionEvent.Escalated.class);
    assertEquals("no such database", escalated.cause().orElseThrow().getMessage());
    assertEquals(2, escalated.restartsInWindow());
    assertEquals(3, calls.get(), "first start plus two restarts");
  }
}
