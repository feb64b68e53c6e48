package dev.tandem.cluster.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.cluster.pool.PoolTasks.Ask;
import dev.tandem.cluster.pool.PoolTasks.AskMany;
import dev.tandem.cluster.pool.PoolTasks.AwaitLive;
import dev.tandem.cluster.pool.PoolTasks.Outcome;
import dev.tandem.cluster.pool.PoolTasks.PoolParams;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.MultiNodeExtension;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.TestCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster pool behaviour that needs no process faults, on three ActorSystems in the test JVM
 * (messages between them still cross Artery, serialized). Each test starts its own pool name.
 */
class ClusterPoolInProcessTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(
      ClusterSpec.inProcess(3).withConfig(TestJobs.SERIALIZATION));

  private static List<String> startEverywhere(PoolParams params) {
    TestCluster cluster = nodes.cluster();
    List<String> names = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      names.add(n.run(PoolTasks.StartPool.class, params));
    }
    for (Node n : cluster.nodes()) {
      n.run(PoolTasks.AwaitLiveTask.class, new AwaitLive(params.name(), 3));
    }
    return names;
  }

  private static Outcome ask(Node from, String pool, String key) {
    return from.run(PoolTasks.AskOne.class, new Ask(pool, key, false, 10_000));
  }

  @Test
  @DisplayName("jobs submitted on one node run on the workers of every node, round-robin, and are counted per node")
  void spreadsOverEveryNode() {
    List<String> names = startEverywhere(PoolParams.defaults().named("spread"));
    Node one = nodes.cluster().node(1);
    one.run(PoolTasks.StartAsks.class, new AskMany("spread", IntStream.range(0, 30).mapToObj(i -> "k" + i).toList()));
    Map<String, Outcome> outcomes = one.run(PoolTasks.AwaitAsks.class, "spread");
    Map<String, Integer> ranOn = new HashMap<>();
    outcomes.values().forEach(o -> ranOn.merge(o.node(), 1, Integer::sum));
    assertEquals(Map.of(names.get(0), 10, names.get(1), 10, names.get(2), 10), ranOn, "round-robin over 3 nodes");
    ClusterPoolCounters counters = one.run(PoolTasks.ReadPoolCounters.class, "spread");
    assertEquals(30, counters.submitted());
    assertEquals(30, counters.completed());
    assertEquals(0, counters.inFlight());
    for (String name : names) {
      assertEquals(10, counters.perNode().get(name).dispatched(), name + " in " + counters.perNode());
      assertEquals(10, counters.perNode().get(name).completed(), name + " in " + counters.perNode());
    }
    List<String> events = one.run(PoolTasks.ReadEvents.class, "spread");
    for (String name : names) {
      assertTrue(events.contains("NodeAdded " + name), events.toString());
    }
  }

  @Test
  @DisplayName("asks start no thread of their own (their outcomes complete on the actor system's dispatcher)")
  void asksStartNoThreads() {
    startEverywhere(PoolParams.defaults().named("threads"));
    List<String> keys = IntStream.range(0, 300).mapToObj(i -> "t" + i).toList();
    long started = nodes.cluster().node(1).run(PoolTasks.ThreadsStartedByAsks.class, new PoolTasks.Keys("threads", keys));
    assertTrue(started < 50, started + " threads started during 300 asks");
  }

  @Test
  @DisplayName("prefer-local keeps every job on the submitting node while it has workers")
  void preferLocal() {
    List<String> names = startEverywhere(PoolParams.defaults().named("local").withPreferLocal());
    Node two = nodes.cluster().node(2);
    for (int i = 0; i < 10; i++) {
      assertEquals(names.get(1), ask(two, "local", "l" + i).node());
    }
  }

  @Test
  @DisplayName("a poison job is quarantined after max-attempts failures with JobQuarantined; other jobs still run")
  void quarantine() {
    startEverywhere(PoolParams.defaults().named("poison"));
    Node one = nodes.cluster().node(1);
    Outcome poison = ask(one, "poison", "poison-1");
    assertEquals("JobQuarantined", poison.failure(), poison.toString());
    assertTrue(poison.detail().contains("3 failed attempt(s)"), poison.detail());
    assertTrue(!poison.certainlyNotRun());
    assertEquals(3, tries("poison", "poison-1"), "tried by max-attempts workers in all");
    assertTrue(!ask(one, "poison", "fine-1").node().isEmpty());
    ClusterPoolCounters counters = one.run(PoolTasks.ReadPoolCounters.class, "poison");
    assertEquals(1, counters.quarantined());
    assertEquals(1, counters.completed());
    assertTrue(one.run(PoolTasks.ReadEvents.class, "poison").contains("Quarantined poison-1"));
  }

  @Test
  @DisplayName("an at-most-once job whose handler throws is not retried: it runs once and is quarantined")
  void atMostOnceNotRetried() {
    startEverywhere(PoolParams.defaults().named("amo"));
    Outcome outcome = ask(nodes.cluster().node(1), "amo", "amo-poison-1");
    assertEquals("JobQuarantined", outcome.failure(), outcome.toString());
    assertEquals(1, tries("amo", "amo-poison-1"));
    assertEquals("", ask(nodes.cluster().node(1), "amo", "amo-fine-1").failure(), "at-most-once jobs do run");
  }

  @Test
  @DisplayName("an at-most-once job whose node stops while it runs and then throws is not moved to another node")
  void atMostOnceFailingWhileItsNodeStops() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    Node two = cluster.node(2);
    one.run(PoolTasks.StartPool.class, PoolParams.defaults().named("amostop").withWorkers(0));
    two.run(PoolTasks.StartPool.class, PoolParams.defaults().named("amostop"));
    one.run(PoolTasks.AwaitLiveTask.class, new AwaitLive("amostop", 1));
    // In-process the stall switch is shared by all three nodes; only node-2 has workers yet.
    one.run(PoolTasks.StallWorkers.class);
    try {
      one.run(PoolTasks.StartAsks.class, new AskMany("amostop", List.of("amo-poison-1")));
      two.run(PoolTasks.AwaitExecutionTask.class, new PoolTasks.AwaitExecution("amostop", "held amo-poison-1 "));
      // node-2 stops while its worker is inside the handler: the drain times out (abandoned).
      two.run(PoolTasks.StopPoolTask.class, new PoolTasks.StopPool("amostop", 200));
      // Somewhere the job could be moved to, if the pool wrongly thought it had not run.
      cluster.node(3).run(PoolTasks.StartPool.class, PoolParams.defaults().named("amostop"));
    } finally {
      one.run(PoolTasks.ReleaseWorkers.class);
    }
    // The handler now throws on node-2, whose local pool abandons the retry it would have made.
    Outcome outcome = one.run(PoolTasks.AwaitAsks.class, "amostop").get("amo-poison-1");
    assertEquals("JobQuarantined", outcome.failure(), outcome.toString());
    assertTrue(outcome.detail().contains("on " + two.address().substring(two.address().indexOf('@') + 1)),
        outcome.detail());
    assertEquals(1, tries("amostop", "amo-poison-1"), "the at-most-once job ran once, on node-2 only");
  }

  @Test
  @DisplayName("when every node's workers are full the caller gets ClusterPoolOverloaded at once; held jobs still finish")
  void overloadAcrossTheCluster() {
    List<String> names = startEverywhere(PoolParams.defaults().named("full").withWorkers(1).withNodeCapacity(2));
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    // In-process the stall switch is shared by all three nodes: every worker holds its job.
    one.run(PoolTasks.StallWorkers.class);
    try {
      one.run(PoolTasks.StartAsks.class, new AskMany("full", List.of("a", "b", "c", "d", "e", "f")));
      for (Node n : cluster.nodes()) {
        n.run(PoolTasks.AwaitCounterTask.class, new PoolTasks.AwaitCounter("full", "worker.inFlight", 2, 10_000));
      }
      Outcome refused = ask(one, "full", "g");
      assertEquals("ClusterPoolOverloaded", refused.failure(), refused.toString());
      assertTrue(refused.certainlyNotRun());
      assertTrue(refused.detail().contains("node-capacity"), refused.detail());
    } finally {
      one.run(PoolTasks.ReleaseWorkers.class);
    }
    Map<String, Outcome> held = one.run(PoolTasks.AwaitAsks.class, "full");
    Map<String, Integer> ranOn = new HashMap<>();
    held.values().forEach(o -> ranOn.merge(o.node(), 1, Integer::sum));
    assertEquals(Map.of(names.get(0), 2, names.get(1), 2, names.get(2), 2), ranOn, held.toString());
  }

  @Test
  @DisplayName("past this node's capacity a submit is refused at once without touching the network")
  void originCapacity() {
    startEverywhere(PoolParams.defaults().named("cap").withCapacity(1));
    Node one = nodes.cluster().node(1);
    one.run(PoolTasks.StallWorkers.class);
    try {
      one.run(PoolTasks.StartAsks.class, new AskMany("cap", List.of("first")));
      Outcome refused = ask(one, "cap", "second");
      assertEquals("ClusterPoolOverloaded", refused.failure(), refused.toString());
      assertTrue(refused.detail().contains("tandem.cluster-pool.capacity"), refused.detail());
    } finally {
      one.run(PoolTasks.ReleaseWorkers.class);
    }
    assertEquals("", one.run(PoolTasks.AwaitAsks.class, "cap").get("first").failure());
    assertTrue(one.run(PoolTasks.ReadEvents.class, "cap").contains("Rejected second ClusterPoolOverloaded"));
  }

  @Test
  @DisplayName("a job submitted before any node runs workers waits for them; without any it times out as not run")
  void waitsForWorkers() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    one.run(PoolTasks.StartPool.class, PoolParams.defaults().named("late").withWorkers(0));
    Outcome none = one.run(PoolTasks.AskOne.class, new Ask("late", "alone", false, 500));
    assertEquals("JobTimedOut", none.failure(), none.toString());
    assertTrue(none.certainlyNotRun(), none.detail());
    one.run(PoolTasks.StartAsks.class, new AskMany("late", List.of("early")));
    String two = cluster.node(2).run(PoolTasks.StartPool.class, PoolParams.defaults().named("late"));
    assertEquals(two, one.run(PoolTasks.AwaitAsks.class, "late").get("early").node());
  }

  @Test
  @DisplayName("a job whose message has no serializer fails with JobUndeliverable naming its class, and did not run")
  void unserializable() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    one.run(PoolTasks.StartPool.class, PoolParams.defaults().named("wire").withWorkers(0));
    cluster.node(3).run(PoolTasks.StartPool.class, PoolParams.defaults().named("wire"));
    one.run(PoolTasks.AwaitLiveTask.class, new AwaitLive("wire", 1));
    Outcome outcome = one.run(PoolTasks.AskOne.class, new Ask("wire", "u1", true, 5_000));
    assertEquals("JobUndeliverable", outcome.failure(), outcome.toString());
    assertTrue(outcome.certainlyNotRun());
    assertTrue(outcome.detail().contains("TestJobs$Unbound"), outcome.detail());
  }

  /** How often a job's handler was entered and threw, over all nodes. */
  private static long tries(String pool, String key) {
    long n = 0;
    for (Node node : nodes.cluster().nodes()) {
      n += node.run(PoolTasks.ReadPoolExecutions.class, pool).stream().filter(l -> l.startsWith("try " + key + " ")).count();
    }
    return n;
  }
}
