package dev.tandem.bench;

import com.typesafe.config.ConfigFactory;
import dev.tandem.supervision.Restart;
import dev.tandem.supervision.Strategy;
import dev.tandem.supervision.Supervisor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.event.Level;

/**
 * Restart latency as a caller sees it: the caller tells a child {@link Child.Crash} (the child
 * throws), then asks it a {@link Child.Ping} and waits for the {@link Child.Pong}. One invocation
 * is one failure, one restart and one answer from the new incarnation; the score is its average
 * time. The child is identical in both variants:
 *
 * <ul>
 *   <li>{@code tandem}: the only, permanent child of a one-for-one {@link Supervisor} without
 *       backoff; the caller holds the child's stable reference from {@link Supervisor#lookup}.
 *   <li>{@code pekko}: the same behavior under {@code Behaviors.supervise(child)
 *       .onFailure(SupervisorStrategy.restart())}.
 * </ul>
 *
 * <p>Every Pong carries the incarnation that answered, and the invocation fails unless it is the
 * one after the incarnation that crashed: a Pong from the old incarnation (no restart happened
 * yet) or a skipped one cannot be scored. At tear-down the number of incarnations must equal the
 * number of invocations plus one, and Tandem's supervisor must report the child running with as
 * many restarts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SupervisionRestartBenchmark {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Param({"tandem", "pekko"})
  public String variant;

  private ActorSystem<Void> system;
  private ActorRef<Child.Command> child;
  private ActorRef<Supervisor.Command> supervisor;
  private final AtomicInteger incarnations = new AtomicInteger();
  private int expected;
  private long invocations;

  @Setup
  public void setUp() {
    // Logging is equal and silent in both variants. Each one reports its restart at INFO: Tandem
    // always does (the logger dev.tandem.supervision.Supervisor; the failure itself at DEBUG), and
    // Pekko's restart strategy is set to INFO below (its default, ERROR with a stack trace, would
    // be printed). The bench's logback.xml lets only WARN and above through, so neither variant
    // prints anything, while each still does the work its own code does before the logger drops
    // the line (Tandem and Pekko both build their message first).
    //
    // tandem-cluster is on this module's class path, and its JournalBoot extension would start
    // the journal plugins (and their connection pool, retrying an absent database) in every
    // ActorSystem: background work that has nothing to do with restarts.
    system = ActorSystem.create(Behaviors.empty(), "bench",
        ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                tandem.journal.start-at-boot = off
                """)
            .withFallback(ConfigFactory.load()));
    switch (variant) {
      case "tandem" -> {
        // Tandem has no "unlimited" intensity (as in OTP, the window is always finite and at
        // least one restart is allowed). This one can never be reached: escalation would take
        // more than Integer.MAX_VALUE restarts within 5 s, and this bench does about 20,000 a
        // second. That matches Pekko's restart(), which has no limit. The window is the default
        // one (tandem.supervision.intensity.within), so the supervisor does the bookkeeping it
        // does in real use, and more: at this rate it holds some 100,000 restart times in the
        // window, each added and later pruned once.
        supervisor = system.systemActorOf(
            Supervisor.builder("bench")
                .strategy(Strategy.ONE_FOR_ONE)
                .intensity(Integer.MAX_VALUE, Duration.ofSeconds(5))
                .child("child", () -> Child.create(incarnations), Restart.PERMANENT)
                .build(),
            "supervisor", Props.empty());
        child = Supervisor.lookup(supervisor, "child", Child.Command.class, TIMEOUT, system)
            .toCompletableFuture().join();
      }
      case "pekko" -> child = system.systemActorOf(
          Behaviors.supervise(Child.create(incarnations))
              .onFailure(SupervisorStrategy.restart().withLogLevel(Level.INFO)),
          "child", Props.empty());
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    }
    // The first incarnation must be up before the first crash, so that every invocation starts
    // from a running child.
    expected = ping().incarnation();
  }

  @Benchmark
  public int restart() {
    child.tell(Child.Crash.INSTANCE);
    Child.Pong pong = ping();
    expected++;
    invocations++;
    if (pong.incarnation() != expected) {
      throw new IllegalStateException("expected a Pong from incarnation " + expected
          + " (restarted after the crash of " + (expected - 1) + "), got one from " + pong.incarnation());
    }
    return pong.incarnation();
  }

  private Child.Pong ping() {
    return AskPattern.<Child.Command, Child.Pong>ask(
            child, Child.Ping::new, TIMEOUT, system.scheduler())
        .toCompletableFuture()
        .join();
  }

  @TearDown
  public void tearDown() throws Exception {
    try {
      if (incarnations.get() != invocations + 1) {
        throw new IllegalStateException("the child was started " + incarnations.get()
            + " times for " + invocations + " crashes; expected one start per crash plus the first");
      }
      if (supervisor != null) {
        Supervisor.ChildInfo info = AskPattern.<Supervisor.Command, Supervisor.Children>ask(
                supervisor, Supervisor.WhichChildren::new, TIMEOUT, system.scheduler())
            .toCompletableFuture().join().children().get(0);
        if (info.status() != Supervisor.ChildStatus.RUNNING || info.restarts() != invocations) {
          throw new IllegalStateException("the supervisor reports " + info + " after "
              + invocations + " crashes; expected RUNNING with as many restarts");
        }
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The supervised child: crashes on demand and answers pings with its incarnation number. */
  static final class Child {

    private Child() {}

    sealed interface Command {}

    enum Crash implements Command {
      INSTANCE
    }

    record Ping(ActorRef<Pong> replyTo) implements Command {}

    record Pong(int incarnation) {}

    /** Each start, first or restart, takes the next incarnation number from {@code counter}. */
    static Behavior<Command> create(AtomicInteger counter) {
      return Behaviors.setup(ctx -> {
        int incarnation = counter.incrementAndGet();
        return Behaviors.receive(Command.class)
            .onMessage(Ping.class, ping -> {
              ping.replyTo().tell(new Pong(incarnation));
              return Behaviors.same();
            })
            .onMessageEquals(Crash.INSTANCE, () -> {
              // A fresh exception with its stack trace, as a real failure has.
              throw new IllegalStateException("crash requested by the benchmark");
            })
            .build();
      });
    }
  }
}
