package dev.tandem.cluster.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.tandem.pool.Routing;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterPoolSettingsTest {

  @Test
  @DisplayName("the defaults are those documented in reference.conf")
  void defaults() {
    ClusterPoolSettings s = ClusterPoolSettings.defaults();
    assertEquals(4, s.workersPerNode());
    assertEquals("", s.workerRole());
    assertEquals(Routing.ROUND_ROBIN, s.routing());
    assertFalse(s.preferLocal());
    assertEquals(128, s.virtualNodes());
    assertEquals(10_000, s.capacity());
    assertEquals(10_000, s.nodeCapacity());
    assertEquals(3, s.maxAttempts());
    assertEquals(2, s.maxRedispatches());
    assertEquals(Duration.ofSeconds(5), s.unreachableTimeout());
    assertEquals(Duration.ofSeconds(30), s.jobTimeout());
    assertEquals(Duration.ofMillis(100), s.minBackoff());
    assertEquals(Duration.ofSeconds(10), s.maxBackoff());
    assertEquals(0.2, s.randomFactor());
    assertEquals(Duration.ofSeconds(10), s.drainTimeout());
  }

  @Test
  @DisplayName("values from configuration override the defaults")
  void fromConfig() {
    ClusterPoolSettings s = ClusterPoolSettings.create(ConfigFactory.parseString("""
        tandem.cluster-pool { workers-per-node = 0, worker-role = backend, routing = least-loaded,
          prefer-local = on, unreachable-timeout = 2s, job-timeout = 9s, max-redispatches = 0 }
        """));
    assertEquals(0, s.workersPerNode());
    assertEquals("backend", s.workerRole());
    assertEquals(Routing.LEAST_LOADED, s.routing());
    assertTrue(s.preferLocal());
    assertEquals(Duration.ofSeconds(2), s.unreachableTimeout());
    assertEquals(Duration.ofSeconds(9), s.jobTimeout());
    assertEquals(0, s.maxRedispatches());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @DisplayName("a bad value fails with IllegalArgumentException naming its key")
  @CsvSource(delimiter = '|', value = {
      "workers-per-node | -1 | tandem.cluster-pool.workers-per-node",
      "capacity | 0 | tandem.cluster-pool.capacity",
      "node-capacity | 0 | tandem.cluster-pool.node-capacity",
      "max-attempts | 0 | tandem.cluster-pool.max-attempts",
      "max-redispatches | -1 | tandem.cluster-pool.max-redispatches",
      "consistent-hash-virtual-nodes | 0 | tandem.cluster-pool.consistent-hash-virtual-nodes",
      "routing | fastest | tandem.cluster-pool.routing",
      "unreachable-timeout | 0s | tandem.cluster-pool.unreachable-timeout",
      "unreachable-timeout | 30s | tandem.cluster-pool.unreachable-timeout",
      "job-timeout | 0s | tandem.cluster-pool.job-timeout",
      "restart.min-backoff | 0s | tandem.cluster-pool.restart.min-backoff",
      "restart.max-backoff | 1ms | tandem.cluster-pool.restart.max-backoff",
      "restart.random-factor | 1.5 | tandem.cluster-pool.restart.random-factor",
      "drain-timeout | 0s | tandem.cluster-pool.drain-timeout",
      "capacity | lots | tandem.cluster-pool",
      "job-timeout | soon | tandem.cluster-pool"})
  void badValue(String key, String value, String named) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterPoolSettings.create(
        ConfigFactory.parseString("tandem.cluster-pool." + key + " = \"" + value + "\"")));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertTrue(e.getMessage().contains(key.contains(".") ? key.substring(key.indexOf('.') + 1) : key), e.getMessage());
  }

  @Test
  @DisplayName("prefer-local with consistent-hash is refused: a key must map to one node from everywhere")
  void preferLocalWithConsistentHash() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterPoolSettings.defaults().withRouting(Routing.CONSISTENT_HASH).withPreferLocal(true));
    assertTrue(e.getMessage().contains("tandem.cluster-pool.prefer-local"), e.getMessage());
  }

  @Test
  @DisplayName("withX validates like configuration does")
  void withValidates() {
    assertThrows(IllegalArgumentException.class, () -> ClusterPoolSettings.defaults().withCapacity(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterPoolSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    assertTrue(e.getMessage().contains("tandem.cluster-pool.unreachable-timeout"), e.getMessage());
    assertEquals(7, ClusterPoolSettings.defaults().withNodeCapacity(7).nodeCapacity());
  }

  @Test
  @DisplayName("a spec name with characters that cannot name actors is refused")
  void badName() {
    assertThrows(IllegalArgumentException.class, () -> ClusterPoolSpec.of("a b", org.apache.pekko.actor.typed.javadsl.Behaviors.ignore(),
        ClusterPoolSettings.defaults()));
  }
}
