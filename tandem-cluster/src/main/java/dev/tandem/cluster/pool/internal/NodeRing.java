package dev.tandem.cluster.pool.internal;

import dev.tandem.pool.internal.HashRing;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A consistent-hash ring over nodes (the local pool's {@link HashRing}). Each node's points are
 * placed by hashing its {@code host:port} name and the nodes are taken in name order, so every node
 * of the cluster builds the same ring from the same members, and a node joining or leaving moves
 * only the keys on its own points. Immutable.
 */
final class NodeRing {

  private final HashRing<Host> ring;

  private NodeRing(HashRing<Host> ring) {
    this.ring = ring;
  }

  static NodeRing of(List<Host> hosts, int virtualNodes) {
    List<Host> byName = hosts.stream().sorted(Comparator.comparing((Host h) -> h.node)).toList();
    return new NodeRing(HashRing.of(byName, h -> h.node.hashCode(), virtualNodes));
  }

  /** The first host at or after the key's point that {@code usable} accepts, or null. */
  Host ownerOf(String key, Predicate<Host> usable) {
    return ring.ownerOf(HashRing.mix(key.hashCode()), usable);
  }
}
