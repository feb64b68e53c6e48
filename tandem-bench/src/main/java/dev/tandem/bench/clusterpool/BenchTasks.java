package dev.tandem.bench.clusterpool;

import dev.tandem.cluster.pool.ClusterPool;
import dev.tandem.cluster.pool.ClusterPoolCounters;
import dev.tandem.cluster.pool.ClusterPoolSettings;
import dev.tandem.cluster.pool.ClusterPoolSpec;
import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What {@link ClusterPoolBench} runs on its node JVMs: the jobs and their worker, starting a pool,
 * and closed-loop callers that count completed jobs in a measurement window.
 */
final class BenchTasks {

  private BenchTasks() {}

  /** Bound to jackson-cbor in {@link ClusterPoolBench#CONFIG}. */
  interface BenchMessage {}

  /**
   * One job: score a transfer. {@code waitMs} stands for a blocking call the handler makes (a
   * database query, an HTTP request): the worker holds its thread that long, as such a call would.
   */
  record Score(String transferId, long cents, long waitMs, ActorRef<Scored> replyTo) implements BenchMessage {}

  record Scored(String transferId, int risk) implements BenchMessage {}

  static Behavior<Score> worker() {
    return Behaviors.receiveMessage(score -> {
      if (score.waitMs() > 0) {
        // The simulated I/O: a worker of a pool is exactly where a blocking call belongs.
        Thread.sleep(score.waitMs());
      }
      score.replyTo().tell(new Scored(score.transferId(), (int) (score.cents() % 100)));
      return Behaviors.same();
    });
  }

  private static final String POOL = "pool/";

  /** Starts pool {@code name} with {@code workers} workers on this node (default settings otherwise). */
  record StartPool(String name, int workers) {}

  static final class StartPoolTask implements NodeTask<StartPool, String> {
    @Override
    public String run(NodeContext node, StartPool params) {
      ClusterPool<Score> pool = ClusterPool.start(node.system(), ClusterPoolSpec.of(params.name(), worker(),
          ClusterPoolSettings.create(node.system()).withWorkersPerNode(params.workers())));
      node.attributes().put(POOL + params.name(), pool);
      return node.address();
    }
  }

  @SuppressWarnings("unchecked")
  static ClusterPool<Score> pool(NodeContext node, String name) {
    return (ClusterPool<Score>) node.attributes().get(POOL + name);
  }

  /** Waits until pool {@code name} on this node routes to {@code nodes} nodes. */
  record AwaitLive(String name, int nodes) {}

  static final class AwaitLiveTask implements NodeTask<AwaitLive, Integer> {
    @Override
    public Integer run(NodeContext node, AwaitLive params) throws Exception {
      ClusterPool<Score> pool = pool(node, params.name());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (pool.liveNodes().size() < params.nodes()) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("pool " + params.name() + " on " + node.nodeName() + " sees "
              + pool.liveNodes() + ", expected " + params.nodes() + " nodes");
        }
        node.awaitStopRequest(Duration.ofMillis(20));
      }
      return pool.liveNodes().size();
    }
  }

  /**
   * Closed-loop load on this node: {@code callers} callers, each asking one job and, when its
   * outcome arrives, the next. After {@code warmupMs} the node enters barrier {@code barrier} with
   * {@code participants}, so every driving node starts its window together; jobs completed in the
   * following {@code measureMs} are counted.
   */
  record Drive(String pool, int callers, long waitMs, long warmupMs, long measureMs, String barrier,
      List<String> participants) {}

  /**
   * @param completedInWindow jobs with a result inside the measurement window
   * @param windowNanos the window's length as measured here
   * @param completedTotal jobs with a result during the whole run (warm-up and tail included)
   * @param failed asks that failed (the bench refuses to report a figure then)
   * @param firstFailure the first failure's description, or ""
   */
  record Driven(long completedInWindow, long windowNanos, long completedTotal, long failed, String firstFailure) {}

  static final class DriveTask implements NodeTask<Drive, Driven> {
    @Override
    public Driven run(NodeContext node, Drive drive) throws Exception {
      ClusterPool<Score> pool = pool(node, drive.pool());
      Callers callers = new Callers(pool, node.nodeName(), drive.waitMs(), drive.callers());
      callers.start();
      node.awaitStopRequest(Duration.ofMillis(drive.warmupMs()));
      node.enterBarrier(drive.barrier(), Duration.ofSeconds(60), Set.copyOf(drive.participants()));
      long before = callers.completed.sum();
      long began = System.nanoTime();
      node.awaitStopRequest(Duration.ofMillis(drive.measureMs()));
      long after = callers.completed.sum();
      long window = System.nanoTime() - began;
      callers.stop();
      if (!callers.finished.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(callers.finished.getCount() + " callers on " + node.nodeName()
            + " still wait for their last job 60 s after the window");
      }
      String first = callers.firstFailure.get();
      return new Driven(after - before, window, callers.completed.sum(), callers.failed.sum(),
          first == null ? "" : first);
    }
  }

  /** The callers of one node. Each caller has one job outstanding at a time. */
  private static final class Callers {
    private final ClusterPool<Score> pool;
    private final String prefix;
    private final long waitMs;
    private final int count;
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final AtomicReference<String> firstFailure = new AtomicReference<>();
    final CountDownLatch finished;
    private volatile boolean stopping;

    Callers(ClusterPool<Score> pool, String prefix, long waitMs, int count) {
      this.pool = pool;
      this.prefix = prefix;
      this.waitMs = waitMs;
      this.count = count;
      this.finished = new CountDownLatch(count);
    }

    void start() {
      for (int c = 0; c < count; c++) {
        next(c, 0);
      }
    }

    void stop() {
      stopping = true;
    }

    /**
     * Asks the caller's next job; its outcome asks the one after. Runs on whichever thread
     * completes the previous ask. A failed caller stops: a failure makes the run void anyway, and
     * stopping avoids recursing when a refusal completes the stage on this very thread.
     */
    private void next(int caller, long seq) {
      if (stopping) {
        finished.countDown();
        return;
      }
      String id = prefix + "-" + caller + "-" + seq;
      pool.<Scored>ask(replyTo -> new Score(id, 1_000 + seq, waitMs, replyTo)).whenComplete((scored, error) -> {
        if (error == null) {
          completed.increment();
          next(caller, seq + 1);
        } else {
          failed.increment();
          firstFailure.compareAndSet(null, String.valueOf(error.getMessage()));
          finished.countDown();
        }
      });
    }
  }

  /** Where the jobs submitted through this node ran: node to completed jobs. */
  static final class ReadDistribution implements NodeTask<String, List<String>> {
    @Override
    public List<String> run(NodeContext node, String name) {
      ClusterPoolCounters counters = pool(node, name).counters();
      List<String> lines = new ArrayList<>();
      counters.perNode().forEach((n, c) -> lines.add(n + "=" + c.completed()));
      lines.sort(null);
      return lines;
    }
  }
}
