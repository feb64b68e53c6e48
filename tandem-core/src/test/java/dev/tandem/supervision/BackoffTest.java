package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("backoff between restarts")
class BackoffTest {

  @RegisterExtension
  static final ActorTestKitExtension kit = ActorTestKitExtension.create(ManualTime.config());

  @Test
  @DisplayName("each restart waits out an exponentially growing delay, capped at max")
  void restartsWaitForTheBackoff() {
    ManualTime time = ManualTime.get(kit.system());
    SupervisionFixture f = new SupervisionFixture(kit.testKit());
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("slow")
            .intensity(10, Duration.ofHours(1))
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(3), 0.0)
            .child("a", TestChild.factory("a", f.life.getRef()), Restart.PERMANENT)
            .build());
    f.expectLife("a#1 started");
    ActorRef<TestChild.Msg> a = f.child(supervisor, "a");

    Duration[] expected = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)};
    for (int i = 0; i < expected.length; i++) {
      a.tell(new TestChild.Crash("boom"));
      f.expectLife("a#" + (i + 1) + " pre-restart");
      time.expectNoMessageFor(expected[i].minusMillis(1), f.life);
      time.timePasses(Duration.ofMillis(1));
      f.expectLife("a#" + (i + 2) + " started");
    }
  }

  @Test
  @DisplayName("the delay doubles per restart in the window, is capped at max and stretched by at most the random factor")
  void delayFormula() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), 0.5);
    assertEquals(Duration.ofMillis(100), backoff.delay(1, 0.0));
    assertEquals(Duration.ofMillis(400), backoff.delay(3, 0.0));
    assertEquals(Duration.ofMillis(1000), backoff.delay(5, 0.0));
    assertEquals(Duration.ofMillis(1000), backoff.delay(1000, 0.0));
    assertEquals(Duration.ofMillis(150), backoff.delay(1, 1.0));
    assertTrue(backoff.delay(2, 0.99).compareTo(Duration.ofMillis(300)) < 0);
  }

  @Test
  @DisplayName("a backoff with min > max or a random factor outside [0, 1] is refused, naming the parameter")
  void badBackoff() {
    var e1 = assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.1));
    assertTrue(e1.getMessage().contains("max"), e1.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5));
    assertTrue(e2.getMessage().contains("randomFactor"), e2.getMessage());
    var e3 = assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ZERO, Duration.ofSeconds(2), 0.1));
    assertTrue(e3.getMessage().contains("min"), e3.getMessage());
  }
}
