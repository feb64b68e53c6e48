package dev.tandem.testkit.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension's life cycles, checked on fast in-process fixtures. */
class MultiNodeExtensionTest {

  static final List<TestCluster> seen = new CopyOnWriteArrayList<>();

  @Test
  @DisplayName("on an instance field every test method gets its own cluster, closed after the method")
  void perMethod() {
    seen.clear();
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerMethodFixture.class)).execute()
        .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    assertEquals(2, seen.size());
    assertNotEquals(seen.get(0).runDirectory(), seen.get(1).runDirectory());
    for (TestCluster cluster : seen) {
      assertTrue(cluster.nodes().stream().noneMatch(n -> n.state().isAlive()), "closed: " + cluster.nodes());
    }
  }

  @Test
  @DisplayName("on a static field one cluster serves the class, and a partition left by one test is healed before the next")
  void perClassHealsBetweenTests() {
    seen.clear();
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerClassFixture.class)).execute()
        .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    assertEquals(2, seen.size());
    assertEquals(seen.get(0), seen.get(1));
    assertTrue(seen.get(0).nodes().stream().noneMatch(n -> n.state().isAlive()), "closed after the class");
  }

  static class PerMethodFixture {
    @RegisterExtension
    final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.inProcess(2));

    @Test
    void first(TestCluster cluster) {
      seen.add(cluster);
      assertEquals(2, cluster.node(2).run(Tasks.UpMembers.class).size());
    }

    @Test
    void second(TestCluster cluster) {
      seen.add(cluster);
      assertEquals(2, cluster.node(1).run(Tasks.UpMembers.class).size());
    }
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassFixture {
    @RegisterExtension
    static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.inProcess(2)
        .withSettings(s -> s.withAwaitTimeout(Duration.ofSeconds(15))));

    @Test
    @Order(1)
    void leavesAPartition(TestCluster cluster) {
      seen.add(cluster);
      cluster.partition(cluster.node(1), cluster.node(2));
      cluster.awaitUnreachable(cluster.node(2));
    }

    @Test
    @Order(2)
    void findsItHealed(TestCluster cluster) {
      seen.add(cluster);
      cluster.awaitAllUp();
    }
  }
}
