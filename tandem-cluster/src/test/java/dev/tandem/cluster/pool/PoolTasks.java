package dev.tandem.cluster.pool;

import dev.tandem.cluster.pool.TestJobs.Executions;
import dev.tandem.cluster.pool.TestJobs.Result;
import dev.tandem.cluster.pool.TestJobs.Work;
import dev.tandem.pool.PoolCounters;
import dev.tandem.pool.Routing;
import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.HistoryRecorder;
import dev.tandem.testkit.history.Invocation;
import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/** Code the multi-node tests run on their nodes: start a pool, drive load, read and wait. */
final class PoolTasks {

  private PoolTasks() {}

  static final String POOL = "pool";
  static final String EXECUTIONS = "executions";

  /**
   * How to start the pool on a node.
   *
   * @param executionLog a file for the node's executions, or "" for memory only
   */
  record PoolParams(String name, String routing, boolean preferLocal, int workers, int capacity, int nodeCapacity,
      int maxAttempts, long unreachableTimeoutMs, long jobTimeoutMs, String executionLog) {

    static PoolParams defaults() {
      return new PoolParams("jobs", "round-robin", false, 4, 10_000, 10_000, 3, 3_000, 20_000, "");
    }

    PoolParams named(String n) {
      return new PoolParams(n, routing, preferLocal, workers, capacity, nodeCapacity, maxAttempts, unreachableTimeoutMs, jobTimeoutMs, executionLog);
    }

    PoolParams withCapacity(int c) {
      return new PoolParams(name, routing, preferLocal, workers, c, nodeCapacity, maxAttempts, unreachableTimeoutMs, jobTimeoutMs, executionLog);
    }

    PoolParams withRouting(String r) {
      return new PoolParams(name, r, preferLocal, workers, capacity, nodeCapacity, maxAttempts, unreachableTimeoutMs, jobTimeoutMs, executionLog);
    }

    PoolParams withPreferLocal() {
      return new PoolParams(name, routing, true, workers, capacity, nodeCapacity, maxAttempts, unreachableTimeoutMs, jobTimeoutMs, executionLog);
    }

    PoolParams withWorkers(int w) {
      return new PoolParams(name, routing, preferLocal, w, capacity, nodeCapacity, maxAttempts, unreachableTimeoutMs, jobTimeoutMs, executionLog);
    }

    PoolParams withNodeCapacity(int c) {
      return new PoolParams(name, routing, preferLocal, workers, capacity, c, maxAttempts, unreachableTimeoutMs, jobTimeoutMs, executionLog);
    }

    PoolParams withTimeouts(long unreachableMs, long jobMs) {
      return new PoolParams(name, routing, preferLocal, workers, capacity, nodeCapacity, maxAttempts, unreachableMs, jobMs, executionLog);
    }

    PoolParams withExecutionLog(String file) {
      return new PoolParams(name, routing, preferLocal, workers, capacity, nodeCapacity, maxAttempts, unreachableTimeoutMs, jobTimeoutMs, file);
    }

    ClusterPoolSettings settings() {
      return ClusterPoolSettings.defaults()
          .withRouting(Routing.valueOf(routing.toUpperCase().replace('-', '_')))
          .withPreferLocal(preferLocal)
          .withWorkersPerNode(workers)
          .withCapacity(capacity)
          .withNodeCapacity(nodeCapacity)
          .withMaxAttempts(maxAttempts)
          .withTimeouts(Duration.ofMillis(unreachableTimeoutMs), Duration.ofMillis(jobTimeoutMs))
          .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 0.2);
    }
  }

  static ClusterPool<Object> pool(NodeContext node) {
    return pool(node, "jobs");
  }

  @SuppressWarnings("unchecked")
  static ClusterPool<Object> pool(NodeContext node, String name) {
    Object pool = node.attributes().get(POOL + "/" + name);
    if (pool == null) {
      throw new IllegalStateException("no pool '" + name + "' started on " + node.nodeName());
    }
    return (ClusterPool<Object>) pool;
  }

  static Executions executions(NodeContext node) {
    return executions(node, "jobs");
  }

  static Executions executions(NodeContext node, String name) {
    return (Executions) node.attributes().get(EXECUTIONS + "/" + name);
  }

  @SuppressWarnings("unchecked")
  static List<String> events(NodeContext node, String name) {
    return (List<String>) node.attributes().get("events/" + name);
  }

  /** Starts the test pool on the node and returns the node's {@code host:port}. */
  static final class StartPool implements NodeTask<PoolParams, String> {
    @Override
    public String run(NodeContext node, PoolParams params) {
      String self = node.address().substring(node.address().indexOf('@') + 1);
      Executions executions = new Executions(params.executionLog());
      node.attributes().put(EXECUTIONS + "/" + params.name(), executions);
      List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
      node.attributes().put("events/" + params.name(), events);
      ClusterPool<Object> pool = ClusterPool.start(node.system(),
          ClusterPoolSpec.of(params.name(), TestJobs.worker(self, executions), params.settings())
              .withHashKey(TestJobs::key)
              .withAtMostOnce(TestJobs::atMostOnce)
              .withListener(event -> events.add(describe(event))));
      node.attributes().put(POOL + "/" + params.name(), pool);
      return self;
    }
  }

  /** Waits until the node's pool routes to {@code n} nodes; returns them. */
  static final class AwaitLiveNodes implements NodeTask<Integer, List<String>> {
    @Override
    public List<String> run(NodeContext node, Integer n) throws Exception {
      ClusterPool<Object> pool = pool(node);
      awaitAtLeast(node, "live nodes", () -> pool.liveNodes().size(), n, Duration.ofSeconds(30));
      return new ArrayList<>(pool.liveNodes());
    }
  }

  /**
   * Waits until a counter reaches a value on the node.
   *
   * @param counter {@code redispatched}, {@code completed}, {@code outcomeUnknown}, {@code
   *     worker.inFlight} (jobs this node's workers hold) or {@code worker.completed}
   */
  record AwaitCounter(String pool, String counter, long atLeast, long timeoutMs) {}

  static final class AwaitCounterTask implements NodeTask<AwaitCounter, Long> {
    @Override
    public Long run(NodeContext node, AwaitCounter await) throws Exception {
      ClusterPool<Object> pool = pool(node, await.pool());
      LongSupplier read = switch (await.counter()) {
        case "redispatched" -> () -> pool.counters().redispatched();
        case "completed" -> () -> pool.counters().completed();
        case "outcomeUnknown" -> () -> pool.counters().outcomeUnknown();
        case "worker.inFlight" -> () -> pool.workerCounters().map(PoolCounters::inFlight).orElse(0L);
        case "worker.completed" -> () -> pool.workerCounters().map(PoolCounters::completed).orElse(0L);
        default -> throw new IllegalArgumentException("no counter " + await.counter());
      };
      awaitAtLeast(node, await.counter(), read, await.atLeast(), Duration.ofMillis(await.timeoutMs()));
      return read.getAsLong();
    }
  }

  /** The pool's counters on the node. */
  static final class ReadCounters implements NodeTask<NodeTask.None, ClusterPoolCounters> {
    @Override
    public ClusterPoolCounters run(NodeContext node, NodeTask.None none) {
      return pool(node).counters();
    }
  }

  /** What the node's workers ran ("run key node") or held stalled ("held key node"). */
  static final class ReadExecutions implements NodeTask<NodeTask.None, List<String>> {
    @Override
    public List<String> run(NodeContext node, NodeTask.None none) {
      return executions(node).lines();
    }
  }

  static final class StallWorkers implements NodeTask<NodeTask.None, NodeTask.None> {
    @Override
    public NodeTask.None run(NodeContext node, NodeTask.None none) {
      TestJobs.Stall.on();
      return NodeTask.None.INSTANCE;
    }
  }

  static final class ReleaseWorkers implements NodeTask<NodeTask.None, NodeTask.None> {
    @Override
    public NodeTask.None run(NodeContext node, NodeTask.None none) {
      TestJobs.Stall.off();
      return NodeTask.None.INSTANCE;
    }
  }

  record Keys(String pool, List<String> keys) {}

  /** Asks one job per key, one after another; returns key to the node that ran it. */
  static final class AskKeys implements NodeTask<Keys, Map<String, String>> {
    @Override
    public Map<String, String> run(NodeContext node, Keys keys) throws Exception {
      ClusterPool<Object> pool = pool(node, keys.pool());
      Map<String, String> ranOn = new LinkedHashMap<>();
      for (String key : keys.keys()) {
        Result r = pool.<Result>ask(replyTo -> new Work(key, replyTo)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        ranOn.put(key, r.node());
      }
      return ranOn;
    }
  }

  /**
   * Client load: {@code threads} processes, each asking one job after another until the test asks
   * to stop; the first {@code atMostOnceThreads} of them ask only at-most-once jobs, the others
   * only ordinary ones (so a test knows that both kinds are in flight wherever clients wait).
   * Entering {@code barrier} once every process has had a result.
   */
  record Load(String pool, int threads, int atMostOnceThreads, String barrier) {}

  static final class Clients implements NodeTask<Load, History> {
    @Override
    public History run(NodeContext node, Load load) throws Exception {
      ClusterPool<Object> pool = pool(node, load.pool());
      HistoryRecorder recorder = HistoryRecorder.create();
      java.util.concurrent.CountDownLatch firstResults = new java.util.concurrent.CountDownLatch(load.threads());
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < load.threads(); t++) {
        String process = node.nodeName() + "/client-" + t;
        boolean atMostOnce = t < load.atMostOnceThreads();
        Thread thread = new Thread(() -> runClient(node, pool, recorder, process, atMostOnce, firstResults), process);
        thread.start();
        threads.add(thread);
      }
      if (!firstResults.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("clients on " + node.nodeName() + " had no first result within 60 s");
      }
      node.enterBarrier(load.barrier());
      for (Thread thread : threads) {
        thread.join();
      }
      return recorder.history();
    }

    private static void runClient(NodeContext node, ClusterPool<Object> pool, HistoryRecorder recorder, String process,
        boolean atMostOnce, java.util.concurrent.CountDownLatch firstResults) {
      for (long i = 1; !node.stopRequested(); i++) {
        String key = (atMostOnce ? "amo-" : "job-") + process.replace('/', '-') + "-" + i;
        inFlight(node, pool.name()).put(process, key);
        Invocation call = recorder.invoke(process, "run", key, 1);
        try {
          pool.<Result>ask(replyTo -> new Work(key, replyTo)).toCompletableFuture().get(60, TimeUnit.SECONDS);
          call.ok();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof ClusterPoolException failure && failure.failure().certainlyNotRun()) {
            call.fail(failure.getMessage());
          } else {
            call.unknown(String.valueOf(e.getCause()));
          }
        } catch (TimeoutException | InterruptedException e) {
          call.unknown(e.toString());
          return;
        }
        if (i == 1) {
          firstResults.countDown();
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> inFlight(NodeContext node, String pool) {
    return (Map<String, String>) node.attributes().computeIfAbsent("inflight/" + pool,
        k -> new java.util.concurrent.ConcurrentHashMap<String, String>());
  }

  /**
   * The key each client process of a pool on this node asked last: the job it waits for, if it
   * waits. Stable only while the clients are blocked.
   */
  static final class ReadInFlight implements NodeTask<String, List<String>> {
    @Override
    public List<String> run(NodeContext node, String pool) {
      return new ArrayList<>(inFlight(node, pool).values());
    }
  }

  /** An event as a short line: its type and the node or job it is about. */
  static String describe(ClusterPoolEvent<Object> event) {
    String type = event.getClass().getSimpleName();
    if (event instanceof ClusterPoolEvent.NodeAdded<Object> e) {
      return type + " " + e.node();
    } else if (event instanceof ClusterPoolEvent.NodeRemoved<Object> e) {
      return type + " " + e.node();
    } else if (event instanceof ClusterPoolEvent.Redispatched<Object> e) {
      return type + " " + TestJobs.key(e.message()) + " " + e.fromNode() + " " + e.toNode();
    } else if (event instanceof ClusterPoolEvent.Quarantined<Object> e) {
      return type + " " + TestJobs.key(e.message());
    } else if (event instanceof ClusterPoolEvent.JobFailed<Object> e) {
      return type + " " + TestJobs.key(e.message()) + " " + e.failure().getClass().getSimpleName();
    } else if (event instanceof ClusterPoolEvent.Rejected<Object> e) {
      return type + " " + TestJobs.key(e.message()) + " " + e.reason().getClass().getSimpleName();
    }
    return type;
  }

  /** Reads a pool's events on the node. */
  static final class ReadEvents implements NodeTask<String, List<String>> {
    @Override
    public List<String> run(NodeContext node, String name) {
      synchronized (events(node, name)) {
        return new ArrayList<>(events(node, name));
      }
    }
  }

  /**
   * One ask and its outcome.
   *
   * @param unbound send a message class that has no serializer
   */
  record Ask(String pool, String key, boolean unbound, long timeoutMs) {}

  /** An outcome: the node that ran it, or the failure's type and whether it certainly did not run. */
  record Outcome(String node, String failure, boolean certainlyNotRun, String detail) {}

  static final class AskOne implements NodeTask<Ask, Outcome> {
    @Override
    public Outcome run(NodeContext node, Ask ask) throws Exception {
      ClusterPool<Object> pool = pool(node, ask.pool());
      try {
        Result r = pool.<Result>ask(replyTo -> ask.unbound() ? new TestJobs.Unbound(ask.key(), replyTo)
            : new Work(ask.key(), replyTo), Duration.ofMillis(ask.timeoutMs())).toCompletableFuture()
            .get(ask.timeoutMs() + 10_000, TimeUnit.MILLISECONDS);
        return new Outcome(r.node(), "", false, "");
      } catch (ExecutionException e) {
        ClusterPoolFailure f = ((ClusterPoolException) e.getCause()).failure();
        return new Outcome("", f.getClass().getSimpleName(), f.certainlyNotRun(), f.describe());
      }
    }
  }

  /** Starts asks without waiting; {@link AwaitAsks} collects their outcomes. */
  record AskMany(String pool, List<String> keys) {}

  static final class StartAsks implements NodeTask<AskMany, NodeTask.None> {
    @Override
    public NodeTask.None run(NodeContext node, AskMany asks) {
      ClusterPool<Object> pool = pool(node, asks.pool());
      Map<String, java.util.concurrent.CompletableFuture<Result>> pending = new LinkedHashMap<>();
      for (String key : asks.keys()) {
        pending.put(key, pool.<Result>ask(replyTo -> new Work(key, replyTo)).toCompletableFuture());
      }
      node.attributes().put("asks/" + asks.pool(), pending);
      return NodeTask.None.INSTANCE;
    }
  }

  static final class AwaitAsks implements NodeTask<String, Map<String, Outcome>> {
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Outcome> run(NodeContext node, String poolName) throws Exception {
      var pending = (Map<String, java.util.concurrent.CompletableFuture<Result>>) node.attributes().get("asks/" + poolName);
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      for (var entry : pending.entrySet()) {
        try {
          outcomes.put(entry.getKey(), new Outcome(entry.getValue().get(60, TimeUnit.SECONDS).node(), "", false, ""));
        } catch (ExecutionException e) {
          ClusterPoolFailure f = ((ClusterPoolException) e.getCause()).failure();
          outcomes.put(entry.getKey(), new Outcome("", f.getClass().getSimpleName(), f.certainlyNotRun(), f.describe()));
        }
      }
      return outcomes;
    }
  }

  /** Waits until the node's workers hold no job of the named pool (queued or running). */
  static final class AwaitWorkersIdle implements NodeTask<String, NodeTask.None> {
    @Override
    public NodeTask.None run(NodeContext node, String name) throws Exception {
      ClusterPool<Object> pool = pool(node, name);
      awaitAtLeast(node, "idle workers (negated in flight)",
          () -> -pool.workerCounters().map(PoolCounters::inFlight).orElse(0L), 0, Duration.ofSeconds(30));
      return NodeTask.None.INSTANCE;
    }
  }

  /**
   * Asks one job per key, one after another, after as many asks to warm up; returns how many
   * threads the JVM started during the measured asks.
   */
  static final class ThreadsStartedByAsks implements NodeTask<Keys, Long> {
    @Override
    public Long run(NodeContext node, Keys keys) throws Exception {
      ClusterPool<Object> pool = pool(node, keys.pool());
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long before = 0;
      for (int round = 0; round < 2; round++) {
        before = threads.getTotalStartedThreadCount();
        for (String key : keys.keys()) {
          pool.<Result>ask(replyTo -> new Work(key, replyTo)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
      return threads.getTotalStartedThreadCount() - before;
    }
  }

  /** Stops a named pool on the node, waiting at most {@code drainMs} for its jobs. */
  record StopPool(String pool, long drainMs) {}

  static final class StopPoolTask implements NodeTask<StopPool, NodeTask.None> {
    @Override
    public NodeTask.None run(NodeContext node, StopPool stop) throws Exception {
      pool(node, stop.pool()).stop(Duration.ofMillis(stop.drainMs())).toCompletableFuture().get(30, TimeUnit.SECONDS);
      return NodeTask.None.INSTANCE;
    }
  }

  /** Waits until the node's executions of a pool have a line starting with {@code prefix}. */
  record AwaitExecution(String pool, String prefix) {}

  static final class AwaitExecutionTask implements NodeTask<AwaitExecution, NodeTask.None> {
    @Override
    public NodeTask.None run(NodeContext node, AwaitExecution await) throws Exception {
      Executions executions = executions(node, await.pool());
      awaitAtLeast(node, "executions starting with '" + await.prefix() + "'",
          () -> executions.lines().stream().filter(l -> l.startsWith(await.prefix())).count(), 1, Duration.ofSeconds(30));
      return NodeTask.None.INSTANCE;
    }
  }

  /** Reads the counters of a named pool. */
  static final class ReadPoolCounters implements NodeTask<String, ClusterPoolCounters> {
    @Override
    public ClusterPoolCounters run(NodeContext node, String name) {
      return pool(node, name).counters();
    }
  }

  static final class ReadPoolExecutions implements NodeTask<String, List<String>> {
    @Override
    public List<String> run(NodeContext node, String name) {
      return executions(node, name).lines();
    }
  }

  /** Waits until a named pool routes to {@code n} nodes. */
  record AwaitLive(String pool, int nodes) {}

  static final class AwaitLiveTask implements NodeTask<AwaitLive, List<String>> {
    @Override
    public List<String> run(NodeContext node, AwaitLive await) throws Exception {
      ClusterPool<Object> pool = pool(node, await.pool());
      awaitAtLeast(node, "live nodes of " + await.pool(), () -> pool.liveNodes().size(), await.nodes(), Duration.ofSeconds(30));
      return new ArrayList<>(pool.liveNodes());
    }
  }

  static void awaitAtLeast(NodeContext node, String what, LongSupplier value, long atLeast, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (value.getAsLong() < atLeast) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(node.nodeName() + ": " + what + " stayed at " + value.getAsLong()
            + " (waited " + timeout.toMillis() + " ms for " + atLeast + ")");
      }
      // Paces the check; returns early only if the test asks the task to stop.
      node.awaitStopRequest(Duration.ofMillis(20));
    }
  }
}
