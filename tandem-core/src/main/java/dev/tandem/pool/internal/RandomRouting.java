package dev.tandem.pool.internal;

import java.util.concurrent.ThreadLocalRandom;

/** A uniformly random live slot (probing onward from a random start). */
final class RandomRouting implements RoutingLogic {

  @Override
  public Slot select(Topology topology, Object message, Slot avoid) {
    Slot[] slots = topology.slots();
    int n = slots.length;
    int start = ThreadLocalRandom.current().nextInt(n);
    for (int i = 0; i < n; i++) {
      Slot slot = slots[(start + i) % n];
      if (slot.isUp() && slot != avoid) {
        return slot;
      }
    }
    return null;
  }
}
