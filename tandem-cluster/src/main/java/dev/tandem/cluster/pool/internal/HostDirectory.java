package dev.tandem.cluster.pool.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Which nodes run the pool's workers and which of them may take jobs now. The Receptionist says
 * where workers are; cluster membership and reachability say whether a node can be used: a host
 * is live while its node is listed, reachable, and not leaving or removed. Touched by the
 * dispatcher only.
 */
final class HostDirectory {

  /** What a listing change did. */
  record Change(List<Host> added, List<Host> removed) {}

  private final Address self;
  private final int virtualNodes;
  private final Function<String, Stats.PerNode> stats;
  private final Consumer<List<Host>> onLive;
  private final Map<Address, Host> listed = new HashMap<>();
  private final Set<Address> unreachable = new HashSet<>();
  private final Set<Address> departing = new HashSet<>();
  private List<Host> live = List.of();
  private NodeRing ring = NodeRing.of(List.of(), 1);
  /** This node's own host while it takes jobs, known before the Receptionist lists it. */
  private ActorRef<NodeHost.Command> localHost;
  private Set<ActorRef<NodeHost.Command>> lastListing = Set.of();

  HostDirectory(Address self, int virtualNodes, Function<String, Stats.PerNode> stats, Consumer<List<Host>> onLive) {
    this.self = self;
    this.virtualNodes = virtualNodes;
    this.stats = stats;
    this.onLive = onLive;
  }

  /** The node's address: a local reference carries none, so it is this node's. */
  Address addressOf(ActorRef<?> ref) {
    Address address = ref.path().address();
    return address.hasLocalScope() ? self : address;
  }

  /** Replaces the listed hosts with the Receptionist's latest listing (plus this node's own host). */
  Change setListing(Set<ActorRef<NodeHost.Command>> refs) {
    lastListing = Set.copyOf(refs);
    Map<Address, ActorRef<NodeHost.Command>> now = new HashMap<>();
    for (ActorRef<NodeHost.Command> ref : refs) {
      Address address = addressOf(ref);
      // This node's own entry comes only from localHost, so a withdrawn host stays withdrawn
      // even while the Receptionist still lists it.
      if (!address.equals(self)) {
        now.put(address, ref);
      }
    }
    if (localHost != null) {
      now.put(self, localHost);
    }
    List<Host> added = new ArrayList<>();
    List<Host> removed = new ArrayList<>();
    for (var it = listed.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      ActorRef<NodeHost.Command> ref = now.get(entry.getKey());
      if (ref == null || !ref.equals(entry.getValue().ref)) {
        removed.add(entry.getValue());
        it.remove();
      }
    }
    for (var entry : now.entrySet()) {
      if (!listed.containsKey(entry.getKey())) {
        Host host = new Host(entry.getValue(), entry.getKey(), entry.getKey().equals(self),
            stats.apply(Host.nodeName(entry.getKey())));
        listed.put(entry.getKey(), host);
        added.add(host);
      }
    }
    if (!added.isEmpty() || !removed.isEmpty()) {
      ring = NodeRing.of(new ArrayList<>(listed.values()), virtualNodes);
      recompute();
    }
    return new Change(added, removed);
  }

  /**
   * Sets this node's own host (known at start, before the Receptionist lists it), or withdraws it
   * with null when the pool stops here.
   */
  Change local(ActorRef<NodeHost.Command> ref) {
    localHost = ref;
    return setListing(lastListing);
  }

  /** @return true if this changed the node's state */
  boolean unreachable(Address address) {
    boolean changed = unreachable.add(address);
    recompute();
    return changed;
  }

  /** @return true if this changed the node's state */
  boolean reachable(Address address) {
    boolean changed = unreachable.remove(address);
    recompute();
    return changed;
  }

  boolean isUnreachable(Address address) {
    return unreachable.contains(address);
  }

  /** The node is leaving, exiting, down or removed: no new jobs go there. */
  void departing(Address address) {
    departing.add(address);
    recompute();
  }

  /** The node (a new incarnation, maybe) joined or is up. */
  void arrived(Address address) {
    if (departing.remove(address)) {
      recompute();
    }
  }

  /** The node left the cluster for good: forget its reachability. */
  void removed(Address address) {
    departing.add(address);
    unreachable.remove(address);
    recompute();
  }

  List<Host> live() {
    return live;
  }

  NodeRing ring() {
    return ring;
  }

  Optional<Host> listedAt(Address address) {
    return Optional.ofNullable(listed.get(address));
  }

  boolean isLive(Host host) {
    return listed.get(host.address) == host && !unreachable.contains(host.address) && !departing.contains(host.address);
  }

  private void recompute() {
    List<Host> now = new ArrayList<>();
    for (Host host : listed.values()) {
      if (!unreachable.contains(host.address) && !departing.contains(host.address)) {
        now.add(host);
      }
    }
    now.sort(Comparator.comparing(h -> h.node));
    live = List.copyOf(now);
    onLive.accept(live);
  }
}
