package dev.tandem.pool.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live slot with the fewest deliveries routed to it and not yet finished. The scan starts at a
 * rotating index so ties spread in turn instead of piling onto the first slot.
 */
final class LeastLoadedRouting implements RoutingLogic {

  private final AtomicInteger next = new AtomicInteger();

  @Override
  public Slot select(Topology topology, Object message, Slot avoid) {
    Slot[] slots = topology.slots();
    int n = slots.length;
    int start = next.getAndIncrement();
    Slot best = null;
    long bestLoad = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      Slot slot = slots[Math.floorMod(start + i, n)];
      if (slot.isUp() && slot != avoid) {
        long load = slot.load();
        if (load < bestLoad) {
          best = slot;
          bestLoad = load;
          if (load == 0) {
            break;
          }
        }
      }
    }
    return best;
  }
}
