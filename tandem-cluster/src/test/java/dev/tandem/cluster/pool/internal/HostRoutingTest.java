package dev.tandem.cluster.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.pool.Routing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The node choice of each routing strategy, without a cluster. */
class HostRoutingTest {

  private final Stats stats = new Stats();

  private Host host(int port) {
    Address address = new Address("pekko", "sys", "127.0.0.1", port);
    return new Host(null, address, false, stats.node(Host.nodeName(address)));
  }

  private final Host a = host(2551);
  private final Host b = host(2552);
  private final Host c = host(2553);
  private final List<Host> live = List.of(a, b, c);
  private final NodeRing ring = NodeRing.of(live, 128);
  private static final Predicate<Host> ANY = h -> true;

  private Map<Host, Integer> pick(HostRouting routing, int times, Predicate<Host> usable) {
    Map<Host, Integer> counts = new HashMap<>();
    for (int i = 0; i < times; i++) {
      Host h = routing.select(live, ring, "k" + i, usable);
      counts.merge(h, 1, Integer::sum);
    }
    return counts;
  }

  @Test
  @DisplayName("round-robin takes every node in turn and skips the ones that may not take the job")
  void roundRobin() {
    HostRouting rr = HostRouting.of(Routing.ROUND_ROBIN);
    assertEquals(Map.of(a, 10, b, 10, c, 10), pick(rr, 30, ANY));
    assertEquals(Map.of(a, 15, c, 15), pick(rr, 30, h -> h != b));
    assertNull(rr.select(live, ring, "k", h -> false));
    assertNull(rr.select(List.of(), ring, "k", ANY));
  }

  @Test
  @DisplayName("random reaches every usable node and no other")
  void random() {
    Map<Host, Integer> counts = pick(HostRouting.of(Routing.RANDOM), 300, h -> h != c);
    assertEquals(Set.of(a, b), counts.keySet());
  }

  @Test
  @DisplayName("least-loaded picks the node holding the fewest of this node's jobs; ties spread")
  void leastLoaded() {
    HostRouting ll = HostRouting.of(Routing.LEAST_LOADED);
    a.load = 5;
    b.load = 1;
    c.load = 3;
    assertEquals(b, ll.select(live, ring, "k", ANY));
    assertEquals(c, ll.select(live, ring, "k", h -> h != b));
    a.load = 0;
    b.load = 0;
    c.load = 0;
    assertEquals(3, pick(ll, 30, ANY).size());
  }

  @Test
  @DisplayName("consistent-hash sends a key to one node, the same whatever order nodes are known in")
  void consistentHashIsStable() {
    HostRouting ch = HostRouting.of(Routing.CONSISTENT_HASH);
    NodeRing shuffled = NodeRing.of(List.of(c, a, b), 128);
    Set<Host> owners = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      Host first = ch.select(live, ring, "account-" + i, ANY);
      assertEquals(first, ch.select(live, ring, "account-" + i, ANY));
      assertEquals(first, ch.select(live, shuffled, "account-" + i, ANY), "another node's ring agrees");
      owners.add(first);
    }
    assertEquals(Set.of(a, b, c), owners, "keys spread over every node");
  }

  @Test
  @DisplayName("consistent-hash moves only the keys of a node that cannot take them, and they return with it")
  void consistentHashMovesOnlyLostKeys() {
    HostRouting ch = HostRouting.of(Routing.CONSISTENT_HASH);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add("account-" + i);
    }
    Map<String, Host> before = new HashMap<>();
    keys.forEach(k -> before.put(k, ch.select(live, ring, k, ANY)));
    int moved = 0;
    for (String k : keys) {
      Host now = ch.select(live, ring, k, h -> h != b);
      if (before.get(k) == b) {
        assertNotEquals(b, now);
        moved++;
      } else {
        assertEquals(before.get(k), now, k);
      }
      assertEquals(before.get(k), ch.select(live, ring, k, ANY), "back on its node once it is usable");
    }
    assertTrue(moved > 50 && moved < 150, "about a third of the keys were on b: " + moved);
    // A ring without b (b left the listing) agrees with skipping b.
    NodeRing withoutB = NodeRing.of(List.of(a, c), 128);
    for (String k : keys) {
      assertEquals(ch.select(live, ring, k, h -> h != b), ch.select(List.of(a, c), withoutB, k, ANY), k);
    }
  }
}
