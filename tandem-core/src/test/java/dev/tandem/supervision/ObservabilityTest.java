package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("observability")
class ObservabilityTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  @Test
  @DisplayName("a restart is an event with child, cause, restart count in the window and time, and an INFO line without a stack trace")
  void restartEventAndLog() {
    SupervisionFixture f = new SupervisionFixture(kit.testKit());
    TestProbe<SupervisionEvent> events = kit.testKit().createTestProbe();
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("observed")
            .strategy(Strategy.REST_FOR_ONE)
            .intensity(3, Duration.ofSeconds(30))
            .child("db", TestChild.factory("db", f.life.getRef()), Restart.PERMANENT)
            .child("cache", TestChild.factory("cache", f.life.getRef()), Restart.PERMANENT)
            .build());
    supervisor.tell(new Supervisor.Subscribe(events.getRef()));
    f.expectLife("db#1 started", "cache#1 started");
    Instant before = Instant.now();

    try (LogCapture log = LogCapture.of(Supervisor.class, Level.INFO)) {
      f.child(supervisor, "db").tell(new TestChild.Crash("connection reset"));
      f.expectLife("cache#1 pre-restart", "db#1 pre-restart", "db#2 started", "cache#2 started");

      var db = events.expectMessageClass(SupervisionEvent.ChildRestarted.class);
      assertEquals("observed", db.supervisor());
      assertEquals("db", db.child());
      assertEquals("db", db.trigger());
      assertEquals("connection reset", db.cause().orElseThrow().getMessage());
      assertEquals(1, db.restartsInWindow());
      assertEquals(new RestartIntensity(3, Duration.ofSeconds(30)), db.intensity());
      assertEquals(Strategy.REST_FOR_ONE, db.strategy());
      assertTrue(!db.timestamp().isBefore(before));
      var cache = events.expectMessageClass(SupervisionEvent.ChildRestarted.class);
      assertEquals("cache", cache.child());
      assertEquals("db", cache.trigger());

      ILoggingEvent line = log.awaitEvent(m -> m.contains("restarted child 'db'"));
      assertEquals(Level.INFO, line.getLevel());
      assertTrue(line.getFormattedMessage().startsWith(
          "supervisor 'observed' restarted child 'db' after IllegalStateException: connection reset"
              + " (rest-for-one; restart 1 of 3 within 30s; down "), line.getFormattedMessage());
      assertNull(line.getThrowableProxy(), "an expected failure is logged without a stack trace");
      String sibling = log.awaitMessage(m -> m.contains("restarted child 'cache'"));
      assertTrue(sibling.contains("because 'db' ended with IllegalStateException: connection reset"), sibling);
    }
  }

  @Test
  @DisplayName("a listener that terminates is dropped; an unsubscribed one hears nothing more")
  void listenersComeAndGo() {
    SupervisionFixture f = new SupervisionFixture(kit.testKit());
    TestProbe<SupervisionEvent> stays = kit.testKit().createTestProbe();
    TestProbe<SupervisionEvent> leaves = kit.testKit().createTestProbe();
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("listened")
            .intensity(10, Duration.ofMinutes(1))
            .listener(stays.getRef())
            .listener(leaves.getRef())
            .child("a", TestChild.factory("a", f.life.getRef()), Restart.PERMANENT)
            .build());
    f.expectLife("a#1 started");
    supervisor.tell(new Supervisor.Unsubscribe(leaves.getRef()));
    f.child(supervisor, "a").tell(new TestChild.Crash("boom"));

    stays.expectMessageClass(SupervisionEvent.ChildRestarted.class);
    leaves.expectNoMessage(Duration.ofMillis(200));
  }
}
