package dev.tandem.cluster.hotwarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An active whose recovery fails never tried to write, so it cannot have been fenced: it must be
 * restarted until the journal can be read, not stopped for good. (The guard once read the journal
 * after such a failure, found the previous epoch's events and declared the new active stale: the
 * singleton then stopped for good, seen when a paused old active held a PostgreSQL row lock.)
 */
class RecoveryFailureTest {

  /** While set, applying an event throws: every recovery of a journal with events fails. */
  static final AtomicBoolean FAIL_REPLAY = new AtomicBoolean();

  /** Recoveries failed so far. */
  static final AtomicInteger FAILED_REPLAYS = new AtomicInteger();

  /** {@link Counter}, except that replay fails while {@link #FAIL_REPLAY} is set. */
  static final class Flaky implements HotWarmBehavior<Counter.Command, Counter.Event, Counter.State, Counter.Reply> {
    private final Counter counter = Counter.create();

    @Override
    public Counter.State emptyState() {
      return counter.emptyState();
    }

    @Override
    public Effect<Counter.Event, Counter.State, Counter.Reply> onCommand(Counter.State state, Counter.Command command) {
      return counter.onCommand(state, command);
    }

    @Override
    public Counter.State onEvent(Counter.State state, Counter.Event event) {
      if (FAIL_REPLAY.get()) {
        FAILED_REPLAYS.incrementAndGet();
        throw new IllegalStateException("replay refused by the test");
      }
      return counter.onEvent(state, event);
    }
  }

  @Test
  @DisplayName("an active whose recovery fails is restarted, not reported fenced, and serves once recovery works")
  void failedRecoveryRestarts() throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      HotWarmSpec<Counter.Command, Counter.Event, Counter.State, Counter.Reply> spec =
          HotWarmSpec.of("flaky", Flaky::new).standbys(0);

      // An earlier active (epoch 1) leaves events in the journal, then its node is gone.
      ActorSystem<Void> first = cluster.node("recFirst", "");
      cluster.join(first, first);
      HotWarmRef<Counter.Command, Counter.Reply> before = HotWarm.init(first, spec);
      for (int i = 1; i <= 3; i++) {
        before.ask("before-" + i, new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      first.terminate();
      first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);

      // The next active's recovery fails until the test lets it through.
      FAIL_REPLAY.set(true);
      ActorSystem<Void> next = cluster.node("recNext", "");
      cluster.join(next, next);
      TestProbe<ActiveFenced> fenced = cluster.kitOf(next).createTestProbe();
      next.eventStream().tell(new EventStream.Subscribe<>(ActiveFenced.class, fenced.getRef()));
      TestProbe<TakeoverReport> reports = cluster.kitOf(next).createTestProbe();
      next.eventStream().tell(new EventStream.Subscribe<>(TakeoverReport.class, reports.getRef()));
      HotWarmRef<Counter.Command, Counter.Reply> after = HotWarm.init(next, spec);
      var pending = after.ask("after-1", new Counter.Add(1)).toCompletableFuture();
      // A second failed recovery means the guard restarted the active after the first.
      fenced.awaitAssert(Duration.ofSeconds(20), () -> {
        if (FAILED_REPLAYS.get() < 2) {
          throw new AssertionError("failed recoveries so far: " + FAILED_REPLAYS.get());
        }
        return null;
      });

      FAIL_REPLAY.set(false);
      assertEquals(new Counter.Reply(4, 4), pending.get(30, TimeUnit.SECONDS), "served once recovery works");
      TakeoverReport report = reports.expectMessageClass(TakeoverReport.class, Duration.ofSeconds(10));
      assertEquals(2, report.epoch(), "the restarted active took the next epoch: " + report);
      fenced.expectNoMessage(Duration.ofMillis(200));
    } finally {
      FAIL_REPLAY.set(false);
      FAILED_REPLAYS.set(0);
    }
  }
}
