package dev.tandem.pool.internal;

/**
 * The workers that take traffic, published as one immutable value so a sender never sees slots
 * and ring out of step. Replaced as a whole on resize.
 */
record Topology(Slot[] slots, HashRing ring) {

  static Topology of(Slot[] slots, int virtualNodes) {
    return new Topology(slots, HashRing.of(slots, virtualNodes));
  }
}
