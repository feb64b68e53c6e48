package dev.tandem.pool.internal;

/**
 * The next live slot in turn. The turn counter is a plain field on purpose: concurrent senders
 * may now and then read the same value and pick the same slot, which costs a little evenness,
 * while an atomic increment would cost every send a locked instruction.
 */
final class RoundRobinRouting implements RoutingLogic {

  private int next;

  @Override
  public Slot select(Topology topology, Object message, Slot avoid) {
    Slot[] slots = topology.slots();
    int n = slots.length;
    int start = next++;
    for (int i = 0; i < n; i++) {
      Slot slot = slots[Math.floorMod(start + i, n)];
      if (slot.isUp() && slot != avoid) {
        return slot;
      }
    }
    return null;
  }
}
