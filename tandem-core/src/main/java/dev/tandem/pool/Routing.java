package dev.tandem.pool;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a message picks its worker. The pick runs on the sender's thread; no router actor sits in
 * between. Every strategy skips workers that are waiting to restart.
 */
public enum Routing {
  /** The next worker in turn. */
  ROUND_ROBIN("round-robin"),
  /** A uniformly random worker. */
  RANDOM("random"),
  /** The worker with the fewest messages routed to it and not yet finished; ties go in turn. */
  LEAST_LOADED("least-loaded"),
  /**
   * A hash ring over the key that {@link PoolSpec#withHashKey} extracts from each message: a key
   * stays on one worker while that worker is up, and moves to the next worker on the ring while
   * it is down. Adding or removing a worker moves only the keys of the ring points it owns.
   */
  CONSISTENT_HASH("consistent-hash");

  private final String configName;

  Routing(String configName) {
    this.configName = configName;
  }

  /** The name used for this strategy in {@code tandem.pool.routing}. */
  public String configName() {
    return configName;
  }

  /**
   * The strategy named {@code name} as written in configuration.
   *
   * @throws IllegalArgumentException naming {@code tandem.pool.routing} and the accepted values
   */
  public static Routing fromConfigName(String name) {
    for (Routing routing : values()) {
      if (routing.configName.equals(name)) {
        return routing;
      }
    }
    throw new IllegalArgumentException(
        "tandem.pool.routing must be one of "
            + Arrays.stream(values()).map(Routing::configName).collect(Collectors.joining(", "))
            + " (was '" + name + "')");
  }
}
