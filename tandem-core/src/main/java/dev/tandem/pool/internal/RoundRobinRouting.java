package dev.tandem.pool.internal;

import java.util.concurrent.atomic.AtomicInteger;

/** The next live slot in turn. */
final class RoundRobinRouting implements RoutingLogic {

  private final AtomicInteger next = new AtomicInteger();

  @Override
  public Slot select(Topology topology, Object message, Slot avoid) {
    Slot[] slots = topology.slots();
    int n = slots.length;
    int start = next.getAndIncrement();
    for (int i = 0; i < n; i++) {
      Slot slot = slots[Math.floorMod(start + i, n)];
      if (slot.isUp() && slot != avoid) {
        return slot;
      }
    }
    return null;
  }
}
