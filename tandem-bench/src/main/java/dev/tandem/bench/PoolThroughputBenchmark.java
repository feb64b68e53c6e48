package dev.tandem.bench;

import com.typesafe.config.ConfigFactory;
import dev.tandem.pool.Pool;
import dev.tandem.pool.PoolSettings;
import dev.tandem.pool.PoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One sender pushing messages at 4 workers whose work is trivial (count the message), through
 * one of three paths: Tandem's pool (round-robin, re-dispatch on, capacity above the batch so it
 * never refuses), Pekko's {@code Routers.pool(4, ...)} (round-robin, one router actor), and the
 * sender telling 4 actors directly in turn. Each invocation sends a batch and waits until every
 * message of it was handled, so the score is handled messages per second, not enqueued ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PoolThroughputBenchmark {

  static final int BATCH = 50_000;
  static final int WORKERS = 4;

  /** The message; identical for every path, so only the path differs. */
  enum Ping {
    INSTANCE
  }

  @Param({"tandem", "pekko-pool", "direct"})
  public String variant;

  private ActorSystem<Void> system;
  private final LongAdder handled = new LongAdder();
  private long sent;
  private Consumer<Ping> send;
  private Pool<Ping> pool;

  @Setup
  public void setUp() {
    system = ActorSystem.create(Behaviors.empty(), "bench",
        // No journal: tandem-cluster (on the bench's class path) would start its plugins at boot.
        ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.log-dead-letters = off\n"
                + "tandem.journal.start-at-boot = off")
            .withFallback(ConfigFactory.load()));
    Behavior<Ping> worker = Behaviors.receiveMessage(ping -> {
      handled.increment();
      return Behaviors.same();
    });
    switch (variant) {
      case "tandem" -> {
        pool = Pool.start(system, PoolSpec.of("bench", worker,
            PoolSettings.create(system).withSize(WORKERS).withCapacity(4 * BATCH)));
        Pool<Ping> p = pool;
        send = p::tell;
      }
      case "pekko-pool" -> {
        ActorRef<Ping> router = system.systemActorOf(
            Routers.pool(WORKERS, worker).withRoundRobinRouting(), "pekko-pool", Props.empty());
        send = router::tell;
      }
      case "direct" -> {
        List<ActorRef<Ping>> actors = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
          actors.add(system.systemActorOf(worker, "direct-" + i, Props.empty()));
        }
        send = new Consumer<>() {
          private int next;

          @Override
          public void accept(Ping ping) {
            actors.get(next).tell(ping);
            next = (next + 1) % WORKERS;
          }
        };
      }
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void push() {
    Consumer<Ping> out = send;
    for (int i = 0; i < BATCH; i++) {
      out.accept(Ping.INSTANCE);
    }
    sent += BATCH;
    // Parking, not spinning: on a small machine a spinning sender would steal a worker's core.
    while (handled.sum() < sent) {
      LockSupport.parkNanos(20_000);
    }
  }

  @TearDown
  public void tearDown() throws Exception {
    if (pool != null && pool.counters().rejected() > 0) {
      throw new IllegalStateException("the Tandem pool refused messages; the comparison would be unfair");
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
