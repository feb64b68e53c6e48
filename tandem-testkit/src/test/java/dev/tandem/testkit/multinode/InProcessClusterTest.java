package dev.tandem.testkit.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same API over ActorSystems in the test JVM (no downing: unreachable members stay). */
class InProcessClusterTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.inProcess(3));

  @BeforeEach
  void everyNodeRuns() {
    for (Node n : nodes.cluster().nodes()) {
      if (!n.state().isAlive()) {
        n.restart();
      }
    }
  }

  @Test
  @DisplayName("three in-process nodes form a cluster and run tasks, with parameters and results through JSON")
  void formsAndRunsTasks() {
    TestCluster cluster = nodes.cluster();
    for (Node n : cluster.nodes()) {
      assertEquals(Optional.empty(), n.pid());
      assertEquals(3, n.run(Tasks.UpMembers.class).size());
    }
    assertEquals(List.of("node-3", "xx"), cluster.node(3).run(Tasks.Repeat.class, new Tasks.Echo("x", 2)));
  }

  @Test
  @DisplayName("kill terminates the ActorSystem without leaving: the others see it unreachable; restarted, it replaces its old incarnation")
  void killAndRestart() {
    TestCluster cluster = nodes.cluster();
    Node victim = cluster.node(2);
    victim.kill();
    assertEquals(NodeState.KILLED, victim.state());
    cluster.awaitUnreachable(victim);
    victim.restart();
    cluster.awaitAllUp();
    assertEquals(3, cluster.node(1).run(Tasks.UpMembers.class).size());
  }

  @Test
  @DisplayName("partitions work in-process too")
  void partition() {
    TestCluster cluster = nodes.cluster();
    cluster.partition(cluster.node(3), cluster.node(1));
    cluster.node(1).awaitView("node-3 unreachable", v -> v.isUnreachable(cluster.node(3)));
    cluster.heal();
    cluster.awaitAllUp();
  }

  @Test
  @DisplayName("pause is refused in-process with a message pointing to process mode")
  void noPause() {
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> nodes.cluster().node(1).pause());
    assertTrue(e.getMessage().contains("ClusterSpec.processes"), e.getMessage());
    assertEquals(NodeState.RUNNING, nodes.cluster().node(1).state());
  }

  @Test
  @DisplayName("a bad setting fails the start with NodeStartException naming the key")
  void badConfig() {
    NodeStartException e = assertThrows(NodeStartException.class,
        () -> ClusterSpec.inProcess(1).withName("BadConfig").withConfig("pekko.cluster.gossip-interval = sometimes").start());
    assertTrue(e.getMessage().contains("gossip-interval"), e.getMessage());
  }

  @Test
  @DisplayName("per-node JVM system properties are refused in-process before anything starts")
  void noSystemProperties() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterSpec.inProcess(1).withNode(1, n -> n.withSystemProperty("a", "b")).start());
    assertTrue(e.getMessage().contains("ClusterSpec.processes"), e.getMessage());
  }
}
