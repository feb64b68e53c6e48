package dev.tandem.cluster.pool;

import static dev.tandem.cluster.pool.MultiNodeChecks.ensureDown;
import static dev.tandem.cluster.pool.MultiNodeChecks.ensureRunning;
import static dev.tandem.cluster.pool.MultiNodeChecks.keysOf;
import static dev.tandem.cluster.pool.MultiNodeChecks.notOk;
import static dev.tandem.cluster.pool.MultiNodeChecks.runKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.cluster.pool.PoolTasks.AwaitCounter;
import dev.tandem.cluster.pool.PoolTasks.AwaitLive;
import dev.tandem.cluster.pool.PoolTasks.Load;
import dev.tandem.cluster.pool.PoolTasks.PoolParams;
import dev.tandem.cluster.pool.TestJobs.Executions;
import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.NoDuplicateWrites;
import dev.tandem.testkit.history.NoLostWrites;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.MultiNodeExtension;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.TaskRun;
import dev.tandem.testkit.multinode.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster pool on three real JVMs with the Split Brain Resolver downing unreachable nodes:
 * node loss under load, a node joining under load, consistent hashing. The tests share one
 * cluster; each brings node-3 into the state it needs, and the order (kill, join, hash) keeps
 * restarts to a minimum.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPoolFailoverTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(
      ClusterSpec.processes(3).withDowning(Duration.ofSeconds(2)).withConfig(TestJobs.SERIALIZATION));

  private static void startPool(List<Node> on, PoolParams params) {
    for (Node n : on) {
      n.run(PoolTasks.StartPool.class, params);
    }
    for (Node n : on) {
      n.run(PoolTasks.AwaitLiveTask.class, new AwaitLive(params.name(), on.size()));
    }
  }

  private static Path log(TestCluster cluster, String pool, Node node) {
    return cluster.runDirectory().resolve(pool + "-" + node.name() + ".executions");
  }

  @Test
  @Order(1)
  @DisplayName("kill -9 of a node under load: every job completes exactly once, and the jobs it held are re-dispatched")
  void killUnderLoad() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    Node two = cluster.node(2);
    Node three = cluster.node(3);
    ensureRunning(cluster, three);
    // unreachable-timeout above the downing time: here the removal of the dead node triggers re-dispatch.
    PoolParams params = PoolParams.defaults().named("kill").withTimeouts(15_000, 40_000);
    for (Node n : cluster.nodes()) {
      n.run(PoolTasks.StartPool.class, params.withExecutionLog(log(cluster, "kill", n).toString()));
    }
    for (Node n : cluster.nodes()) {
      n.run(PoolTasks.AwaitLiveTask.class, new AwaitLive("kill", 3));
    }
    TaskRun<History> onOne = one.start(PoolTasks.Clients.class, new Load("kill", 4, 0, "kill-load"));
    TaskRun<History> onTwo = two.start(PoolTasks.Clients.class, new Load("kill", 4, 0, "kill-load"));
    cluster.enterBarrier("kill-load", List.of(one, two));

    // Freeze node-3's workers so it certainly holds unfinished jobs when it dies.
    three.run(PoolTasks.StallWorkers.class);
    three.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("kill", "worker.inFlight", 4, 30_000));
    three.kill();
    cluster.awaitRemoved(three);
    // The clients blocked on node-3's jobs get results only if those jobs were re-dispatched.
    one.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("kill", "completed", 200, 60_000));
    two.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("kill", "completed", 200, 60_000));
    onOne.requestStop();
    onTwo.requestStop();
    History history = History.merge(onOne.await(), onTwo.await());

    List<String> executions = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      executions.addAll(Executions.read(log(cluster, "kill", n)));
    }
    List<String> ran = runKeys(executions, k -> true);
    assertEquals(List.of(), notOk(history, k -> true), "every submitted job completed with a result");
    NoLostWrites.check(history, ran).assertValid();
    NoDuplicateWrites.check(history, ran).assertValid();

    // Jobs node-3's frozen workers had started on; more sat queued behind them.
    List<String> held = keysOf(Executions.read(log(cluster, "kill", three)), "held");
    assertTrue(!held.isEmpty(), "node-3's workers held no job when it was killed");
    Set<String> ranOnSurvivors = new HashSet<>(runKeys(Executions.read(log(cluster, "kill", one)), k -> true));
    ranOnSurvivors.addAll(runKeys(Executions.read(log(cluster, "kill", two)), k -> true));
    for (String key : held) {
      assertTrue(ranOnSurvivors.contains(key), key + " was held by the dead node but never ran elsewhere");
    }
    long redispatched = one.run(PoolTasks.ReadPoolCounters.class, "kill").redispatched()
        + two.run(PoolTasks.ReadPoolCounters.class, "kill").redispatched();
    assertTrue(redispatched >= 4, "node-3 had at least 4 jobs when killed, re-dispatched: " + redispatched);
    List<String> events = new ArrayList<>(one.run(PoolTasks.ReadEvents.class, "kill"));
    events.addAll(two.run(PoolTasks.ReadEvents.class, "kill"));
    for (String key : held) {
      assertTrue(events.stream().anyMatch(e -> e.startsWith("Redispatched " + key + " ")), key + " in " + events);
    }
  }

  @Test
  @Order(2)
  @DisplayName("a node that joins under load starts receiving work without a restart of the others")
  void joinUnderLoad() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    Node two = cluster.node(2);
    Node three = cluster.node(3);
    ensureDown(cluster, three);
    PoolParams params = PoolParams.defaults().named("join");
    startPool(List.of(one, two), params);
    TaskRun<History> onOne = one.start(PoolTasks.Clients.class, new Load("join", 2, 0, "join-load"));
    TaskRun<History> onTwo = two.start(PoolTasks.Clients.class, new Load("join", 2, 0, "join-load"));
    cluster.enterBarrier("join-load", List.of(one, two));

    three.restart();
    String newcomer = three.run(PoolTasks.StartPool.class, params);
    one.run(PoolTasks.AwaitLiveTask.class, new AwaitLive("join", 3));
    two.run(PoolTasks.AwaitLiveTask.class, new AwaitLive("join", 3));
    long ranThere = three.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("join", "worker.completed", 20, 60_000));
    onOne.requestStop();
    onTwo.requestStop();
    History history = History.merge(onOne.await(), onTwo.await());
    assertEquals(List.of(), notOk(history, k -> true));
    assertTrue(ranThere >= 20);
    ClusterPoolCounters fromOne = one.run(PoolTasks.ReadPoolCounters.class, "join");
    assertTrue(fromOne.perNode().get(newcomer).completed() > 0, fromOne.perNode().toString());
    assertTrue(one.run(PoolTasks.ReadEvents.class, "join").contains("NodeAdded " + newcomer));
  }

  @Test
  @Order(3)
  @DisplayName("consistent hashing keeps each key on one node from every node while it lives; only a lost node's keys move")
  void consistentHash() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    Node two = cluster.node(2);
    Node three = cluster.node(3);
    ensureRunning(cluster, three);
    PoolParams params = PoolParams.defaults().named("hash").withRouting("consistent-hash");
    startPool(cluster.nodes(), params);
    String third = three.run(PoolTasks.AwaitLiveTask.class, new AwaitLive("hash", 3)).stream()
        .filter(n -> n.endsWith(":" + three.port())).findFirst().orElseThrow();
    PoolTasks.Keys keys = new PoolTasks.Keys("hash", IntStream.range(0, 40).mapToObj(i -> "account-" + i).toList());

    Map<String, String> fromOne = one.run(PoolTasks.AskKeys.class, keys);
    assertEquals(fromOne, two.run(PoolTasks.AskKeys.class, keys), "the same node from node-2 as from node-1");
    assertEquals(fromOne, three.run(PoolTasks.AskKeys.class, keys), "and from node-3");
    assertEquals(fromOne, one.run(PoolTasks.AskKeys.class, keys), "and again");
    assertEquals(3, new HashSet<>(fromOne.values()).size(), "keys spread over all nodes: " + fromOne);

    three.kill();
    cluster.awaitRemoved(three);
    one.run(PoolTasks.AwaitLiveTask.class, new AwaitLive("hash", 2));
    Map<String, String> after = one.run(PoolTasks.AskKeys.class, keys);
    for (String key : keys.keys()) {
      if (fromOne.get(key).equals(third)) {
        assertNotEquals(third, after.get(key), key);
      } else {
        assertEquals(fromOne.get(key), after.get(key), key + " moved although its node lives");
      }
    }
  }
}
