package dev.tandem.pool.internal;

import java.util.Objects;
import java.util.function.Function;

/** The first live slot at or after the key's point on the hash ring. */
final class ConsistentHashRouting implements RoutingLogic {

  private final Function<Object, ?> key;

  ConsistentHashRouting(Function<Object, ?> key) {
    this.key = key;
  }

  @Override
  public Slot select(Topology topology, Object message, Slot avoid) {
    return topology.ring().ownerOf(
        HashRing.mix(Objects.hashCode(key.apply(message))), slot -> slot.isUp() && slot != avoid);
  }
}
