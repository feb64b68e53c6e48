package dev.tandem.cluster.pool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.Operation;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.NodeState;
import dev.tandem.testkit.multinode.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Small helpers shared by the multi-JVM tests. */
final class MultiNodeChecks {

  private MultiNodeChecks() {}

  /** Restarts the node if a previous test left it down. */
  static void ensureRunning(TestCluster cluster, Node node) {
    if (!node.state().isAlive()) {
      node.restart();
    }
    cluster.awaitAllUp();
  }

  /** Stops the node gracefully if it runs, and waits until the others removed it. */
  static void ensureDown(TestCluster cluster, Node node) {
    if (node.state().isAlive()) {
      node.stop();
      cluster.awaitRemoved(node);
    }
    assertTrue(node.state() != NodeState.RUNNING);
  }

  /** The keys of every "run" line in executions, duplicates included. */
  static List<String> runKeys(List<String> executions, Predicate<String> keyFilter) {
    List<String> keys = new ArrayList<>();
    for (String line : executions) {
      String[] parts = line.split(" ");
      if (parts[0].equals("run") && keyFilter.test(parts[1])) {
        keys.add(parts[1]);
      }
    }
    return keys;
  }

  /** The keys of the lines of one event. */
  static List<String> keysOf(List<String> executions, String event) {
    return executions.stream().filter(l -> l.startsWith(event + " ")).map(l -> l.split(" ")[1]).toList();
  }

  /** Calls whose outcome is not OK, for messages. */
  static List<History.Call> notOk(History history, Predicate<String> keyFilter) {
    return history.calls().stream()
        .filter(c -> keyFilter.test(c.invoke().key()) && c.outcome() != Operation.Type.OK)
        .toList();
  }

  /** Only the operations on keys that pass the filter (each process's ops stay paired). */
  static History only(History history, Predicate<String> keyFilter) {
    List<Operation> ops = new ArrayList<>();
    for (Operation op : history.operations()) {
      if (keyFilter.test(op.key())) {
        ops.add(new Operation(ops.size(), op.process(), op.type(), op.function(), op.key(), op.value(), op.nanos(), op.error()));
      }
    }
    return new History(ops, history.writes());
  }
}
