package dev.tandem.cluster.pool.internal;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One node's workers as the dispatcher of one node sees them: the node's host actor, its address,
 * and how many of this node's jobs it holds. Touched by the dispatcher only.
 */
final class Host {

  final ActorRef<NodeHost.Command> ref;
  final Address address;
  /** {@code host:port}, the name used in counters, events and on the hash ring. */
  final String node;
  final boolean local;
  final Stats.PerNode stats;
  /** Jobs of this node sent there whose handler has not returned yet: least-loaded's measure. */
  int load;

  Host(ActorRef<NodeHost.Command> ref, Address address, boolean local, Stats.PerNode stats) {
    this.ref = ref;
    this.address = address;
    this.node = nodeName(address);
    this.local = local;
    this.stats = stats;
  }

  static String nodeName(Address address) {
    return address.getHost().orElse("local") + ":" + address.getPort().map(String::valueOf).orElse("0");
  }

  @Override
  public String toString() {
    return node;
  }
}
