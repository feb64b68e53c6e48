package dev.tandem.pool.internal;

import java.util.Arrays;

/**
 * The workers that take traffic, published as one immutable value so a sender never sees slots
 * and ring out of step. Replaced as a whole on resize.
 */
record Topology(Slot[] slots, HashRing<Slot> ring) {

  static Topology of(Slot[] slots, int virtualNodes) {
    return new Topology(slots, HashRing.of(Arrays.asList(slots), slot -> slot.id, virtualNodes));
  }
}
