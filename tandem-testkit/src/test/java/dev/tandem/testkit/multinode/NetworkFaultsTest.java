package dev.tandem.testkit.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pause/resume and partition/heal on real node processes. No downing provider: an unreachable node
 * stays a member, so it can become reachable again.
 */
class NetworkFaultsTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.processes(3));

  @Test
  @DisplayName("a paused node (SIGSTOP) is seen unreachable; resumed (SIGCONT), it is reachable again")
  void pauseAndResume() {
    TestCluster cluster = nodes.cluster();
    Node sleeper = cluster.node(2);
    long pid = sleeper.pid().orElseThrow();

    sleeper.pause();
    assertEquals(NodeState.PAUSED, sleeper.state());
    assertEquals(Optional.of('T'), processState(pid), "the OS reports the process stopped");
    cluster.awaitUnreachable(sleeper);

    sleeper.resume();
    assertEquals(NodeState.RUNNING, sleeper.state());
    cluster.awaitReachable(sleeper);
    cluster.awaitAllUp();
    assertEquals(pid, sleeper.pid().orElseThrow(), "the same process carried on");
  }

  @Test
  @DisplayName("a partition makes each side see the other unreachable; healing makes all reachable again")
  void partitionAndHeal() {
    TestCluster cluster = nodes.cluster();
    Node lonely = cluster.node(1);
    Node b = cluster.node(2);
    Node c = cluster.node(3);

    cluster.partition(List.of(lonely), List.of(b, c));
    cluster.awaitUnreachable(lonely);
    lonely.awaitView("node-2 and node-3 unreachable", v -> v.isUnreachable(b) && v.isUnreachable(c));
    assertFalse(b.view().isUnreachable(c), "the majority side still reaches itself");
    assertEquals(3, lonely.run(Tasks.UpMembers.class).size(), "the test still controls a partitioned node");

    cluster.heal();
    cluster.awaitReachable(lonely);
    lonely.awaitView("node-2 and node-3 reachable", v -> !v.isUnreachable(b) && !v.isUnreachable(c));
    cluster.awaitAllUp();
  }

  @Test
  @DisplayName("a partition between two nodes leaves both reachable from the third")
  void partitionOnePair() {
    TestCluster cluster = nodes.cluster();
    Node a = cluster.node(1);
    Node b = cluster.node(2);
    Node c = cluster.node(3);

    cluster.partition(a, b);
    a.awaitView("node-2 unreachable", v -> v.isUnreachable(b));
    b.awaitView("node-1 unreachable", v -> v.isUnreachable(a));
    assertTrue(c.view().isMember(a) && c.view().isMember(b));

    cluster.heal();
    cluster.awaitAllUp();
  }

  private static Optional<Character> processState(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      return Optional.of(stat.charAt(stat.lastIndexOf(')') + 2));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
