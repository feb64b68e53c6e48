package dev.tandem.testkit.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In-process nodes with the Split Brain Resolver. */
class InProcessDowningTest {

  @RegisterExtension
  static final MultiNodeExtension nodes =
      MultiNodeExtension.create(ClusterSpec.inProcess(3).withDowning(Duration.ofSeconds(2)));

  @Test
  @DisplayName("a killed in-process node is seen unreachable, then downed and removed; restarted, it rejoins")
  void killRemoveRestart() {
    TestCluster cluster = nodes.cluster();
    Node victim = cluster.node(3);
    victim.kill();
    cluster.awaitUnreachable(victim);
    cluster.awaitRemoved(victim);
    victim.restart();
    cluster.awaitAllUp();
    assertEquals(3, cluster.node(1).run(Tasks.UpMembers.class).size());
  }
}
