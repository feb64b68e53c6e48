package dev.tandem.cluster.pool;

import static dev.tandem.cluster.pool.MultiNodeChecks.notOk;
import static dev.tandem.cluster.pool.MultiNodeChecks.only;
import static dev.tandem.cluster.pool.MultiNodeChecks.runKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node cut off from the others on three real JVMs, without downing: it stays a member, so only
 * the unreachable-timeout moves its jobs, and it comes back when the partition heals (or the
 * pause ends). The guarantee under test (decision record 062): ordinary jobs run at least once,
 * at-most-once jobs never twice, and every ask gets one outcome.
 */
class ClusterPoolPartitionTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(
      ClusterSpec.processes(3).withConfig(TestJobs.SERIALIZATION));

  private static final Predicate<String> SAFE = k -> k.startsWith("job-");
  private static final Predicate<String> AT_MOST_ONCE = k -> k.startsWith("amo-");
  /** Client processes per load node, and how many of them ask only at-most-once jobs. */
  private static final int CLIENTS = 4;
  private static final int AT_MOST_ONCE_CLIENTS = 1;

  private static void startPool(TestCluster cluster, PoolParams params) {
    for (Node n : cluster.nodes()) {
      n.run(PoolTasks.StartPool.class, params.withExecutionLog(log(cluster, params.name(), n).toString()));
    }
    for (Node n : cluster.nodes()) {
      n.run(PoolTasks.AwaitLiveTask.class, new AwaitLive(params.name(), 3));
    }
  }

  @Test
  @DisplayName("a partitioned node's jobs are re-dispatched after unreachable-timeout; after the heal the ordinary ones"
      + " it held have run twice, the at-most-once ones exactly once")
  void partitionAndHeal() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    Node two = cluster.node(2);
    Node three = cluster.node(3);
    startPool(cluster, PoolParams.defaults().named("part").withTimeouts(2_000, 12_000));
    TaskRun<History> onOne = one.start(PoolTasks.Clients.class, new Load("part", CLIENTS, AT_MOST_ONCE_CLIENTS, "part-load"));
    TaskRun<History> onTwo = two.start(PoolTasks.Clients.class, new Load("part", CLIENTS, AT_MOST_ONCE_CLIENTS, "part-load"));
    cluster.enterBarrier("part-load", List.of(one, two));

    // node-3's workers freeze, so every client ends up waiting for a job there (each client has
    // one job outstanding): then node-3 holds both kinds, the at-most-once ones cleared to start.
    three.run(PoolTasks.StallWorkers.class);
    three.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("part", "worker.inFlight", 2 * CLIENTS, 30_000));
    List<String> cutOff = new ArrayList<>(one.run(PoolTasks.ReadInFlight.class, "part"));
    cutOff.addAll(two.run(PoolTasks.ReadInFlight.class, "part"));
    cluster.isolate(three);
    cluster.awaitUnreachable(three);
    long doneOne = one.run(PoolTasks.ReadPoolCounters.class, "part").completed();
    long doneTwo = two.run(PoolTasks.ReadPoolCounters.class, "part").completed();
    // Work goes on without node-3: the ordinary jobs it held are re-dispatched; the at-most-once
    // ones it was cleared to run stay where they are (JobOutcomeUnknown if their deadline passes).
    one.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("part", "completed", doneOne + 50, 60_000));
    two.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("part", "completed", doneTwo + 50, 60_000));

    cluster.heal();
    cluster.awaitReachable(three);
    // node-3's workers thaw with the heal, while the load goes on (jobs routed to node-3 once it
    // is reachable again must not sit behind frozen workers until their deadline): node-3 now runs
    // what it held.
    three.run(PoolTasks.ReleaseWorkers.class);
    onOne.requestStop();
    onTwo.requestStop();
    History history = History.merge(onOne.await(), onTwo.await());
    three.run(PoolTasks.AwaitWorkersIdle.class, "part");

    List<String> executions = executions(cluster, "part");
    assertEquals(List.of(), notOk(history, SAFE), "every ordinary job completed with a result");
    History atMostOnce = only(history, AT_MOST_ONCE);
    List<String> ranOnce = runKeys(executions, AT_MOST_ONCE);
    NoDuplicateWrites.check(atMostOnce, ranOnce).assertValid();
    NoLostWrites.check(atMostOnce, ranOnce).assertValid();

    List<String> events = new ArrayList<>(one.run(PoolTasks.ReadEvents.class, "part"));
    events.addAll(two.run(PoolTasks.ReadEvents.class, "part"));
    String third = "127.0.0.1:" + three.port();
    List<String> ranOnThree = runKeys(Executions.read(log(cluster, "part", three)), k -> true);
    assertEquals(2 * CLIENTS, cutOff.size(), "one job per client was held by node-3: " + cutOff);
    for (String key : cutOff) {
      List<String> ranOn = nodesThatRan(cluster, "part", key);
      if (SAFE.test(key)) {
        assertTrue(events.stream().anyMatch(e -> e.startsWith("Redispatched " + key + " " + third + " ")),
            key + " has no re-dispatch from " + third + " in " + events);
        assertEquals(2, ranOn.size(), key + " (ordinary) ran once elsewhere and once on the healed node: " + ranOn);
      } else {
        assertEquals(List.of(three.name()), ranOn, key + " (at-most-once, cleared on node-3) ran there only, once");
      }
    }
    assertTrue(ranOnThree.containsAll(cutOff), "node-3 ran everything it held after the heal");
  }

  @Test
  @DisplayName("jobs sent to a frozen node (SIGSTOP) are delivered late after it thaws: the ordinary ones run again,"
      + " the at-most-once ones, never cleared there, do not")
  void pauseAndResume() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    Node two = cluster.node(2);
    Node three = cluster.node(3);
    startPool(cluster, PoolParams.defaults().named("pause").withTimeouts(2_000, 12_000));
    // Frozen before any job exists: every job sent to node-3 waits in its inbox, never cleared to
    // start, until node-1 and node-2 find it unreachable and, after unreachable-timeout, move it.
    three.pause();
    TaskRun<History> onOne = one.start(PoolTasks.Clients.class, new Load("pause", CLIENTS, AT_MOST_ONCE_CLIENTS, "pause-load"));
    TaskRun<History> onTwo = two.start(PoolTasks.Clients.class, new Load("pause", CLIENTS, AT_MOST_ONCE_CLIENTS, "pause-load"));
    cluster.enterBarrier("pause-load", List.of(one, two));
    cluster.awaitUnreachable(three);
    long doneOne = one.run(PoolTasks.ReadPoolCounters.class, "pause").completed();
    long doneTwo = two.run(PoolTasks.ReadPoolCounters.class, "pause").completed();
    one.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("pause", "completed", doneOne + 50, 60_000));
    two.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("pause", "completed", doneTwo + 50, 60_000));

    // node-3 thaws and reads the jobs that waited in its inbox; the load goes on meanwhile.
    three.resume();
    cluster.awaitReachable(three);
    onOne.requestStop();
    onTwo.requestStop();
    History history = History.merge(onOne.await(), onTwo.await());
    three.run(PoolTasks.AwaitWorkersIdle.class, "pause");

    assertEquals(List.of(), notOk(history, k -> true), "every job completed with a result");
    List<String> executions = executions(cluster, "pause");
    NoLostWrites.check(history, runKeys(executions, k -> true)).assertValid();
    History atMostOnce = only(history, AT_MOST_ONCE);
    NoDuplicateWrites.check(atMostOnce, runKeys(executions, AT_MOST_ONCE)).assertValid();

    String third = "127.0.0.1:" + three.port();
    List<String> movedAway = new ArrayList<>();
    for (Node n : List.of(one, two)) {
      for (String e : n.run(PoolTasks.ReadEvents.class, "pause")) {
        if (e.startsWith("Redispatched ") && e.split(" ")[2].equals(third)) {
          movedAway.add(e.split(" ")[1]);
        }
      }
    }
    List<String> movedSafe = movedAway.stream().filter(SAFE).toList();
    List<String> movedAtMostOnce = movedAway.stream().filter(AT_MOST_ONCE).toList();
    assertFalse(movedSafe.isEmpty(), "no ordinary job was moved away from the frozen node: " + movedAway);
    assertFalse(movedAtMostOnce.isEmpty(), "no at-most-once job was moved away from the frozen node: " + movedAway);
    for (String key : movedSafe) {
      assertEquals(2, nodesThatRan(cluster, "pause", key).size(),
          key + " ran on its new node and, delivered late, on node-3 (at least once)");
    }
    for (String key : movedAtMostOnce) {
      List<String> ranOn = nodesThatRan(cluster, "pause", key);
      assertEquals(1, ranOn.size(), key + " (at-most-once) ran exactly once: " + ranOn);
      assertFalse(ranOn.contains(three.name()), key + " was moved, so node-3 must not have run it");
    }
  }

  /** Every node's executions of a pool, read from the files (node-3's survive anything). */
  private static List<String> executions(TestCluster cluster, String pool) {
    List<String> all = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      all.addAll(Executions.read(log(cluster, pool, n)));
    }
    return all;
  }

  /** The names of the nodes that ran the job, once per run. */
  private static List<String> nodesThatRan(TestCluster cluster, String pool, String key) {
    List<String> ranOn = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      int times = Collections.frequency(runKeys(Executions.read(log(cluster, pool, n)), k -> k.equals(key)), key);
      for (int i = 0; i < times; i++) {
        ranOn.add(n.name());
      }
    }
    return ranOn;
  }

  private static Path log(TestCluster cluster, String pool, Node node) {
    return cluster.runDirectory().resolve(pool + "-" + node.name() + ".executions");
  }
}
