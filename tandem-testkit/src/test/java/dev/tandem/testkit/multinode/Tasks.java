package dev.tandem.testkit.multinode;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.cluster.typed.Cluster;

/** Node tasks shared by the kit's own tests. */
final class Tasks {

  private Tasks() {}

  /** The addresses of the Up members in this node's Pekko view. */
  static final class UpMembers implements NodeTask<NodeTask.None, Set<String>> {
    @Override
    public Set<String> run(NodeContext node, NodeTask.None none) {
      Set<String> up = new TreeSet<>();
      Cluster.get(node.system()).state().getMembers().forEach(m -> {
        if (m.status().toString().equals("Up")) {
          up.add(m.address().toString());
        }
      });
      return up;
    }
  }

  record Echo(String text, int times) {}

  /** Repeats the text, and says where it ran. */
  static final class Repeat implements NodeTask<Echo, List<String>> {
    @Override
    public List<String> run(NodeContext node, Echo echo) {
      return List.of(node.nodeName(), echo.text().repeat(echo.times()));
    }
  }

  /** Throws, to show how a node-side failure reaches the test. */
  static final class Fails implements NodeTask<String, String> {
    @Override
    public String run(NodeContext node, String message) {
      throw new IllegalStateException(message);
    }
  }

  /** Enters the barrier it is given, then counts loop rounds until the test requests a stop. */
  static final class LoopUntilStopped implements NodeTask<String, Integer> {
    @Override
    public Integer run(NodeContext node, String barrier) throws InterruptedException {
      node.enterBarrier(barrier);
      int rounds = 0;
      while (!node.awaitStopRequest(Duration.ofMillis(20))) {
        rounds++;
      }
      return rounds;
    }
  }

  /** Enters a barrier, then reports it got through. */
  static final class EnterBarrier implements NodeTask<String, String> {
    @Override
    public String run(NodeContext node, String barrier) {
      node.enterBarrier(barrier);
      return node.nodeName() + " passed " + barrier;
    }
  }

  /** Increments a node-local counter kept in the node's attributes. */
  static final class Increment implements NodeTask<NodeTask.None, Integer> {
    @Override
    public Integer run(NodeContext node, NodeTask.None none) {
      return (Integer) node.attributes().merge("count", 1, (a, b) -> (Integer) a + (Integer) b);
    }
  }
}
