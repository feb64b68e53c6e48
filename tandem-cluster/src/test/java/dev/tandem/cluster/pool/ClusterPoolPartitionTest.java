package dev.tandem.cluster.pool;

import static dev.tandem.cluster.pool.MultiNodeChecks.keysOf;
import static dev.tandem.cluster.pool.MultiNodeChecks.notOk;
import static dev.tandem.cluster.pool.MultiNodeChecks.only;
import static dev.tandem.cluster.pool.MultiNodeChecks.runKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partition on three real JVMs, without downing: the cut-off node stays a member, so only the
 * unreachable-timeout moves its jobs, and it comes back when the partition heals.
 */
class ClusterPoolPartitionTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(
      ClusterSpec.processes(3).withConfig(TestJobs.SERIALIZATION));

  private static final Predicate<String> SAFE = k -> k.startsWith("job-");
  private static final Predicate<String> AT_MOST_ONCE = k -> k.startsWith("amo-");

  @Test
  @DisplayName("a partitioned node's jobs are re-dispatched after unreachable-timeout; after the heal no at-most-once job has run twice")
  void partitionAndHeal() {
    TestCluster cluster = nodes.cluster();
    Node one = cluster.node(1);
    Node two = cluster.node(2);
    Node three = cluster.node(3);
    PoolParams params = PoolParams.defaults().named("part").withTimeouts(2_000, 12_000);
    for (Node n : cluster.nodes()) {
      n.run(PoolTasks.StartPool.class, params.withExecutionLog(log(cluster, n).toString()));
    }
    for (Node n : cluster.nodes()) {
      n.run(PoolTasks.AwaitLiveTask.class, new AwaitLive("part", 3));
    }
    // One job in three, at random, is at-most-once.
    TaskRun<History> onOne = one.start(PoolTasks.Clients.class, new Load("part", 4, 3, "part-load"));
    TaskRun<History> onTwo = two.start(PoolTasks.Clients.class, new Load("part", 4, 3, "part-load"));
    cluster.enterBarrier("part-load", List.of(one, two));

    // node-3's workers freeze, so jobs pile up there; then it is cut off with them.
    three.run(PoolTasks.StallWorkers.class);
    three.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("part", "worker.inFlight", 6, 30_000));
    cluster.isolate(three);
    cluster.awaitUnreachable(three);
    long doneOne = one.run(PoolTasks.ReadPoolCounters.class, "part").completed();
    long doneTwo = two.run(PoolTasks.ReadPoolCounters.class, "part").completed();
    // Work goes on without node-3: the jobs it held are re-dispatched (at-most-once ones it was
    // cleared to run end as JobOutcomeUnknown at their deadline).
    one.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("part", "completed", doneOne + 50, 60_000));
    two.run(PoolTasks.AwaitCounterTask.class, new AwaitCounter("part", "completed", doneTwo + 50, 60_000));

    cluster.heal();
    cluster.awaitReachable(three);
    // node-3's workers thaw with the heal, while the load goes on (jobs routed to node-3 once it
    // is reachable again must not sit behind frozen workers until their deadline): node-3 now runs
    // what it held, the re-dispatched ordinary jobs a second time (at least once), the
    // at-most-once jobs it was cleared for a first and only time.
    three.run(PoolTasks.ReleaseWorkers.class);
    onOne.requestStop();
    onTwo.requestStop();
    History history = History.merge(onOne.await(), onTwo.await());
    three.run(PoolTasks.AwaitWorkersIdle.class, "part");

    List<String> executions = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      executions.addAll(Executions.read(log(cluster, n)));
    }
    assertEquals(List.of(), notOk(history, SAFE), "every ordinary job completed with a result");
    History atMostOnce = only(history, AT_MOST_ONCE);
    List<String> ranOnce = runKeys(executions, AT_MOST_ONCE);
    NoDuplicateWrites.check(atMostOnce, ranOnce).assertValid();
    NoLostWrites.check(atMostOnce, ranOnce).assertValid();

    List<String> heldSafe = keysOf(Executions.read(log(cluster, three)), "held").stream().filter(SAFE).toList();
    assertTrue(!heldSafe.isEmpty(), "node-3 held no ordinary job when it was cut off");
    Set<String> ranElsewhere = new HashSet<>(runKeys(Executions.read(log(cluster, one)), SAFE));
    ranElsewhere.addAll(runKeys(Executions.read(log(cluster, two)), SAFE));
    List<String> events = new ArrayList<>(one.run(PoolTasks.ReadEvents.class, "part"));
    events.addAll(two.run(PoolTasks.ReadEvents.class, "part"));
    String third = "127.0.0.1:" + three.port();
    for (String key : heldSafe) {
      assertTrue(ranElsewhere.contains(key), key + " was held by the cut-off node but never ran elsewhere");
      assertTrue(events.stream().anyMatch(e -> e.startsWith("Redispatched " + key + " " + third + " ")),
          key + " has no re-dispatch from " + third + " in " + events);
    }
  }

  private static Path log(TestCluster cluster, Node node) {
    return cluster.runDirectory().resolve("part-" + node.name() + ".executions");
  }
}
