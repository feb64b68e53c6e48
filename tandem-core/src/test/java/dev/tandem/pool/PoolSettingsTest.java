package dev.tandem.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.tandem.testkit.ActorTestKitExtension;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Pool settings")
class PoolSettingsTest {

  @RegisterExtension static final ActorTestKitExtension kit = ActorTestKitExtension.create();

  @Test
  @DisplayName("reference.conf gives documented defaults that pass validation")
  void defaults() {
    PoolSettings settings = PoolSettings.defaults();
    assertEquals(4, settings.size());
    assertEquals(Routing.ROUND_ROBIN, settings.routing());
    assertEquals(10000, settings.capacity());
    assertEquals(3, settings.maxAttempts());
    assertEquals(Duration.ofMillis(100), settings.minBackoff());
  }

  @Test
  @DisplayName("values in the system's configuration override the defaults")
  void fromConfig() {
    PoolSettings settings = PoolSettings.create(ConfigFactory.parseString(
        "tandem.pool { size = 6, max-size = 8, routing = least-loaded, capacity = 50, restart.min-backoff = 1s }"));
    assertEquals(6, settings.size());
    assertEquals(Routing.LEAST_LOADED, settings.routing());
    assertEquals(50, settings.capacity());
    assertEquals(Duration.ofSeconds(1), settings.minBackoff());
  }

  @ParameterizedTest(name = "{0} names {1}")
  @CsvSource(delimiter = '|', value = {
      "size = 0                                      | tandem.pool.size",
      "min-size = 5, max-size = 2, size = 3          | tandem.pool.min-size",
      "max-attempts = 0                              | tandem.pool.max-attempts",
      "capacity = 0                                  | tandem.pool.capacity",
      "size = 9, max-size = 8                        | tandem.pool.size",
      "consistent-hash-virtual-nodes = 0             | tandem.pool.consistent-hash-virtual-nodes",
      "restart.min-backoff = 0s                      | tandem.pool.restart.min-backoff",
      "restart { min-backoff = 2s, max-backoff = 1s } | tandem.pool.restart.max-backoff",
      "restart.random-factor = 1.5                   | tandem.pool.restart.random-factor",
      "drain-timeout = 0s                            | tandem.pool.drain-timeout",
      "routing = fastest                             | tandem.pool.routing",
  })
  @DisplayName("a bad setting fails at once with IllegalArgumentException naming the setting")
  void badSettingNamesTheKey(String setting, String key) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PoolSettings.create(ConfigFactory.parseString("tandem.pool { " + setting + " }")));
    assertTrue(error.getMessage().contains(key), () -> "message should name " + key + ": " + error.getMessage());
  }

  @Test
  @DisplayName("withX overrides are validated like configuration: size 0, min > max, attempts < 1")
  void overridesValidated() {
    PoolSettings ok = PoolSettings.defaults();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withSize(0))
        .getMessage().contains("tandem.pool.size"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withMinSize(10).withMaxSize(5))
        .getMessage().contains("tandem.pool."));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withMaxAttempts(0))
        .getMessage().contains("tandem.pool.max-attempts"));
  }

  @Test
  @DisplayName("consistent-hash routing without a hash key is refused at start, naming tandem.pool.routing")
  void consistentHashNeedsKey() {
    PoolSpec<TestJobs.Job> spec = PoolSpec.of(TestJobs.uniqueName("nokey"), TestJobs.worker(),
        PoolSettings.defaults().withRouting(Routing.CONSISTENT_HASH));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Pool.start(kit.system(), spec));
    assertTrue(error.getMessage().contains("tandem.pool.routing"), error.getMessage());
  }

  @Test
  @DisplayName("a second running pool with the same name is refused")
  void duplicateName() {
    String name = TestJobs.uniqueName("twice");
    Pool<TestJobs.Job> first = Pool.start(kit.system(), PoolSpec.of(name, TestJobs.worker(), PoolSettings.defaults()));
    try {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> Pool.start(kit.system(), PoolSpec.of(name, TestJobs.worker(), PoolSettings.defaults())));
      assertTrue(error.getMessage().contains(name), error.getMessage());
    } finally {
      first.stop();
    }
  }

  @Test
  @DisplayName("a pool name that cannot name an actor is refused")
  void badName() {
    assertThrows(IllegalArgumentException.class,
        () -> PoolSpec.of("has space", TestJobs.worker(), PoolSettings.defaults()));
  }
}
