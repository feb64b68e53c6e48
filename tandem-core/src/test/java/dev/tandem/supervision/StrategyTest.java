package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("restart strategies")
class StrategyTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  private SupervisionFixture f;

  @BeforeEach
  void fixture() {
    f = new SupervisionFixture(kit.testKit());
  }

  private ActorRef<Supervisor.Command> startAbc(Strategy strategy) {
    ActorRef<Supervisor.Command> supervisor = kit.testKit().spawn(
        Supervisor.builder("abc")
            .strategy(strategy)
            .intensity(10, Duration.ofMinutes(1))
            .child("a", TestChild.factory("a", f.life.getRef()), Restart.PERMANENT)
            .child("b", TestChild.factory("b", f.life.getRef()), Restart.PERMANENT)
            .child("c", TestChild.factory("c", f.life.getRef()), Restart.PERMANENT)
            .build());
    f.expectLife("a#1 started", "b#1 started", "c#1 started");
    return supervisor;
  }

  @Test
  @DisplayName("one-for-one: a failed child is restarted and its siblings keep running untouched")
  void oneForOne() {
    ActorRef<Supervisor.Command> supervisor = startAbc(Strategy.ONE_FOR_ONE);
    f.child(supervisor, "b").tell(new TestChild.Crash("boom"));

    f.expectLife("b#1 pre-restart", "b#2 started");
    assertEquals("a#1:still", f.echo(f.child(supervisor, "a"), "still"));
    assertEquals("b#2:new", f.echo(f.child(supervisor, "b"), "new"));
    assertEquals("c#1:still", f.echo(f.child(supervisor, "c"), "still"));
    f.life.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  @DisplayName("one-for-one: two children failing at once are each restarted exactly once")
  void oneForOneConcurrentFailures() {
    ActorRef<Supervisor.Command> supervisor = startAbc(Strategy.ONE_FOR_ONE);
    f.child(supervisor, "a").tell(new TestChild.Crash("boom"));
    f.child(supervisor, "c").tell(new TestChild.Crash("boom"));

    var steps = f.life.receiveSeveralMessages(4, SupervisionFixture.TIMEOUT).stream()
        .map(TestChild.Life::toString).collect(java.util.stream.Collectors.toSet());
    assertEquals(java.util.Set.of("a#1 pre-restart", "a#2 started", "c#1 pre-restart", "c#2 started"), steps);
    f.life.expectNoMessage(Duration.ofMillis(100));
    assertEquals("b#1:x", f.echo(f.child(supervisor, "b"), "x"));
  }

  @Test
  @DisplayName("one-for-all: all children are stopped in reverse start order, then started again in start order")
  void oneForAll() {
    ActorRef<Supervisor.Command> supervisor = startAbc(Strategy.ONE_FOR_ALL);
    f.child(supervisor, "b").tell(new TestChild.Crash("boom"));

    f.expectLife(
        "c#1 pre-restart", "b#1 pre-restart", "a#1 pre-restart",
        "a#2 started", "b#2 started", "c#2 started");
    assertEquals("a#2:x", f.echo(f.child(supervisor, "a"), "x"));
    assertEquals("c#2:x", f.echo(f.child(supervisor, "c"), "x"));
  }

  @Test
  @DisplayName("rest-for-one: the failed child and every later one are restarted in order; earlier ones are untouched")
  void restForOne() {
    ActorRef<Supervisor.Command> supervisor = startAbc(Strategy.REST_FOR_ONE);
    f.child(supervisor, "b").tell(new TestChild.Crash("boom"));

    f.expectLife("c#1 pre-restart", "b#1 pre-restart", "b#2 started", "c#2 started");
    assertEquals("a#1:x", f.echo(f.child(supervisor, "a"), "x"));
    f.life.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  @DisplayName("rest-for-one: a failure of the last child restarts only that child")
  void restForOneLastChild() {
    ActorRef<Supervisor.Command> supervisor = startAbc(Strategy.REST_FOR_ONE);
    f.child(supervisor, "c").tell(new TestChild.Crash("boom"));

    f.expectLife("c#1 pre-restart", "c#2 started");
    assertEquals("a#1:x", f.echo(f.child(supervisor, "a"), "x"));
    assertEquals("b#1:x", f.echo(f.child(supervisor, "b"), "x"));
  }
}
