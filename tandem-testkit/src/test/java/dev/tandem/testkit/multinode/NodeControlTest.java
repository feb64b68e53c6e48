package dev.tandem.testkit.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.history.CounterTotal;
import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.HistoryRecorder;
import dev.tandem.testkit.history.Invocation;
import dev.tandem.testkit.history.NoDuplicateWrites;
import dev.tandem.testkit.history.NoLostWrites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Running code on node processes: tasks, results, failures, stop requests, barriers, histories. */
class NodeControlTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.processes(2));

  @Test
  @DisplayName("a task runs on the chosen node with typed parameters and returns a typed result")
  void typedTask() {
    List<String> result = nodes.cluster().node(2).run(Tasks.Repeat.class, new Tasks.Echo("ab", 3));
    assertEquals(List.of("node-2", "ababab"), result);
  }

  @Test
  @DisplayName("an exception on the node reaches the test as NodeTaskException with its class, message and stack")
  void failingTask() {
    NodeTaskException e = assertThrows(NodeTaskException.class,
        () -> nodes.cluster().node(1).run(Tasks.Fails.class, "no such account"));
    assertTrue(e.getMessage().contains("node-1"), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.IllegalStateException: no such account"), e.getMessage());
    assertTrue(e.getMessage().contains("Tasks$Fails.run"), "carries the node-side stack trace");
  }

  @Test
  @DisplayName("a started task runs until the test requests a stop, then returns its result")
  void stopRequest() {
    TestCluster cluster = nodes.cluster();
    TaskRun<Integer> loop = cluster.node(1).start(Tasks.LoopUntilStopped.class, "looping");
    cluster.enterBarrier("looping", List.of(cluster.node(1)));
    assertFalse(loop.isDone(), "the task is in its loop and cannot finish before the stop request");
    loop.requestStop();
    assertTrue(loop.await() >= 0);
    assertTrue(loop.isDone());
  }

  @Test
  @DisplayName("tasks on one node share its attributes for the life of the node")
  void attributes() {
    Node node = nodes.cluster().node(2);
    int first = node.run(Tasks.Increment.class);
    assertEquals(first + 1, node.run(Tasks.Increment.class));
  }

  @Test
  @DisplayName("a barrier holds every node until the test and all nodes have entered it")
  void barrier() {
    TestCluster cluster = nodes.cluster();
    TaskRun<String> one = cluster.node(1).start(Tasks.EnterBarrier.class, "ready");
    TaskRun<String> two = cluster.node(2).start(Tasks.EnterBarrier.class, "ready");
    // Both nodes are held until the test enters too; the test's own entry returns when all are in.
    cluster.enterBarrier("ready");
    assertEquals("node-1 passed ready", one.await());
    assertEquals("node-2 passed ready", two.await());
  }

  @Test
  @DisplayName("a barrier a participant never enters fails everyone with the names of who is missing")
  void barrierTimeout() {
    TestCluster cluster = nodes.cluster();
    TaskRun<String> waiting = cluster.node(1).start(Tasks.EnterBarrier.class, "never-complete");
    BarrierException e = assertThrows(BarrierException.class,
        () -> cluster.enterBarrier("never-complete", List.of(cluster.node(1), cluster.node(2)), Duration.ofSeconds(3)));
    assertTrue(e.getMessage().contains("missing [node-2]"), e.getMessage());
    NodeTaskException onNode = assertThrows(NodeTaskException.class, waiting::await);
    assertTrue(onNode.getMessage().contains("BarrierException"), onNode.getMessage());
  }

  @Test
  @DisplayName("histories recorded on two nodes come back as results, merge, and pass the checkers")
  void historiesFromNodes() {
    TestCluster cluster = nodes.cluster();
    List<History> histories = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      histories.add(n.run(RecordDeposits.class, 50));
    }
    History merged = History.merge(histories);
    assertEquals(2 * 50 * 2, merged.operations().size());
    List<String> applied = merged.calls().stream().map(c -> c.invoke().key()).toList();
    NoLostWrites.check(merged, applied).assertValid();
    NoDuplicateWrites.check(merged, applied).assertValid();
    CounterTotal.check(merged, 0, 2 * 50 * 10).assertValid();
    assertEquals(Set.of("node-1/c1", "node-2/c1"),
        Set.copyOf(merged.operations().stream().map(op -> op.process()).toList()));
  }

  /** Records {@code count} acknowledged deposits of 10 under a node-specific process id. */
  static final class RecordDeposits implements NodeTask<Integer, History> {
    @Override
    public History run(NodeContext node, Integer count) {
      HistoryRecorder recorder = HistoryRecorder.create();
      for (int i = 0; i < count; i++) {
        Invocation call = recorder.invoke(node.nodeName() + "/c1", "deposit", node.nodeName() + "-" + i, 10);
        call.ok();
      }
      return recorder.history();
    }
  }
}
