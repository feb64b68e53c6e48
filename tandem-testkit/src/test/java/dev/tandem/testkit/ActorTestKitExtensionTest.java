package dev.tandem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

class ActorTestKitExtensionTest {

  /** Systems seen by the nested fixtures, so the outer test can check they were shut down. */
  static final CopyOnWriteArrayList<ActorSystem<?>> seen = new CopyOnWriteArrayList<>();

  @Test
  @DisplayName("a static extension gives every test of the class the same running kit and terminates it after the class")
  void staticRegistration() {
    var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(StaticFixture.class)).execute();
    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    assertEquals(1, seen.stream().distinct().count(), "both tests saw one ActorSystem");
    assertTrue(seen.get(0).getWhenTerminated().toCompletableFuture().isDone(), "the system is terminated after the class");
    seen.clear();
  }

  @Test
  @DisplayName("@ExtendWith injects the kit and the system as parameters and terminates the system after the class")
  void declarativeRegistration() {
    var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(DeclarativeFixture.class)).execute();
    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    assertTrue(seen.get(0).getWhenTerminated().toCompletableFuture().isDone());
    seen.clear();
  }

  @Test
  @DisplayName("registration on an instance field fails the test with a message saying to use a static field")
  void instanceRegistrationIsRefused() {
    var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(InstanceFixture.class)).execute();
    results.testEvents().assertThatEvents().haveExactly(1,
        EventConditions.finishedWithFailure(
            TestExecutionResultConditions.instanceOf(ExtensionConfigurationException.class),
            TestExecutionResultConditions.message(m -> m.contains("static field"))));
  }

  static class StaticFixture {
    @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

    @Test
    void first() {
      echo(kit.testKit());
    }

    @Test
    void second() {
      echo(kit.testKit());
    }
  }

  @ExtendWith(ActorTestKitExtension.class)
  static class DeclarativeFixture {
    @Test
    void injected(ActorTestKit testKit, ActorSystem<?> system) {
      assertSame(testKit.system(), system);
      echo(testKit);
    }
  }

  static class InstanceFixture {
    @RegisterExtension final ActorTestKitExtension kit = ActorTestKitExtension.create();

    @Test
    void neverRuns() {}
  }

  private static void echo(ActorTestKit testKit) {
    seen.add(testKit.system());
    TestProbe<String> probe = testKit.createTestProbe();
    ActorRef<String> echo =
        testKit.spawn(Behaviors.receive(String.class).onAnyMessage(m -> {
          probe.getRef().tell(m);
          return Behaviors.same();
        }).build());
    echo.tell("hello");
    probe.expectMessage("hello");
  }
}
