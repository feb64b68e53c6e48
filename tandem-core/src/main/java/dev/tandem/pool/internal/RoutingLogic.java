package dev.tandem.pool.internal;

import dev.tandem.pool.Routing;
import java.util.Optional;
import java.util.function.Function;

/**
 * Picks a worker on the sender's thread. Implementations are thread-safe and lock-free; they
 * return a live ({@link Slot#isUp()}) slot other than {@code avoid}, or null if there is none.
 */
interface RoutingLogic {

  Slot select(Topology topology, Object message, Slot avoid);

  @SuppressWarnings("unchecked")
  static RoutingLogic of(Routing routing, Optional<? extends Function<?, ?>> hashKey) {
    return switch (routing) {
      case ROUND_ROBIN -> new RoundRobinRouting();
      case RANDOM -> new RandomRouting();
      case LEAST_LOADED -> new LeastLoadedRouting();
      case CONSISTENT_HASH -> new ConsistentHashRouting(
          (Function<Object, ?>) hashKey.orElseThrow(() -> new IllegalArgumentException(
              "tandem.pool.routing = consistent-hash needs a key: give the PoolSpec withHashKey(...)")));
    };
  }
}
