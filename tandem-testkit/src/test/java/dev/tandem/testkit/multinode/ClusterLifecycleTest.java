package dev.tandem.testkit.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real node processes with the Split Brain Resolver: formation, kill, removal, restart, graceful stop. */
class ClusterLifecycleTest {

  @RegisterExtension
  static final MultiNodeExtension nodes =
      MultiNodeExtension.create(ClusterSpec.processes(3).withDowning(Duration.ofSeconds(2)));

  @BeforeEach
  void everyNodeRuns() {
    for (Node n : nodes.cluster().nodes()) {
      if (!n.state().isAlive()) {
        n.restart();
      }
    }
  }

  @Test
  @DisplayName("three node processes form one cluster: each sees all three Up, in the kit's view and in Pekko's own")
  void threeNodesFormACluster() {
    TestCluster cluster = nodes.cluster();
    Set<String> addresses = cluster.nodes().stream().map(Node::address).collect(Collectors.toSet());
    Set<Long> pids = cluster.nodes().stream().map(n -> n.pid().orElseThrow()).collect(Collectors.toSet());
    assertEquals(3, pids.size(), "three distinct processes");
    assertTrue(pids.stream().noneMatch(pid -> pid == ProcessHandle.current().pid()));
    for (Node n : cluster.nodes()) {
      assertEquals(NodeState.RUNNING, n.state());
      assertEquals(MemberStatus.UP, n.view().selfStatus());
      assertEquals(addresses, n.view().members().keySet());
      assertEquals(addresses, n.run(Tasks.UpMembers.class), n.name() + " asked through Pekko's Cluster API");
    }
  }

  @Test
  @DisplayName("a killed node is seen unreachable, then downed and removed; restarted, it rejoins on the same address")
  void killRemoveRestart() {
    TestCluster cluster = nodes.cluster();
    Node victim = cluster.node(3);
    long oldPid = victim.pid().orElseThrow();
    String address = victim.address();

    victim.kill();
    assertEquals(NodeState.KILLED, victim.state());
    assertEquals(137, victim.exitCode().orElseThrow(), "128 + SIGKILL");
    assertTrue(ProcessHandle.of(oldPid).map(p -> !p.isAlive()).orElse(true), "the process is gone");
    cluster.awaitUnreachable(victim);
    cluster.awaitRemoved(victim);
    assertEquals(MemberStatus.UP, cluster.node(1).view().selfStatus(), "the majority side survives");

    victim.restart();
    assertEquals(NodeState.RUNNING, victim.state());
    assertEquals(address, victim.address(), "same host and port");
    assertNotEquals(oldPid, victim.pid().orElseThrow(), "a new process");
    cluster.awaitAllUp();
    assertEquals(3, cluster.node(1).run(Tasks.UpMembers.class).size());
  }

  @Test
  @DisplayName("a stopped node leaves gracefully: the others remove it without first seeing it unreachable")
  void gracefulStop() {
    TestCluster cluster = nodes.cluster();
    Node leaver = cluster.node(2);
    Node observer = cluster.node(1);
    leaver.stop();
    assertEquals(NodeState.STOPPED, leaver.state());
    assertEquals(143, leaver.exitCode().orElseThrow(), "128 + SIGTERM: the JVM ran its shutdown hooks and exited");
    cluster.awaitRemoved(leaver);
    assertTrue(observer.view().unreachable().isEmpty(), "a graceful leave is not a failure");
  }

  @Test
  @DisplayName("restarting a running node is refused with a message saying to kill or stop it first")
  void restartRunningNodeRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> nodes.cluster().node(1).restart());
    assertTrue(e.getMessage().contains("kill or stop it first"), e.getMessage());
  }
}
