package dev.tandem.cluster.pool.internal;

import dev.tandem.cluster.pool.ClusterPoolCounters;
import dev.tandem.cluster.pool.NodeCounters;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link ClusterPoolCounters}. Written by the submitting threads (submitted,
 * rejected at once, in flight) and by the dispatcher actor (everything else); read by anyone.
 */
final class Stats {

  final LongAdder submitted = new LongAdder();
  final AtomicLong completed = new AtomicLong();
  final AtomicLong redispatched = new AtomicLong();
  final AtomicLong quarantined = new AtomicLong();
  final AtomicLong timedOut = new AtomicLong();
  final AtomicLong outcomeUnknown = new AtomicLong();
  final LongAdder rejected = new LongAdder();
  final AtomicLong undeliverable = new AtomicLong();
  /** Admission: accepted and not finished. */
  final AtomicInteger inFlight = new AtomicInteger();
  volatile int waiting;
  volatile java.util.Set<String> liveNodes = java.util.Set.of();
  private final Map<String, PerNode> perNode = new ConcurrentHashMap<>();

  /** One node's figures, written by the dispatcher only. */
  static final class PerNode {
    final AtomicLong dispatched = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong redispatchedAway = new AtomicLong();
  }

  PerNode node(String node) {
    return perNode.computeIfAbsent(node, n -> new PerNode());
  }

  ClusterPoolCounters snapshot() {
    Map<String, NodeCounters> nodes = new TreeMap<>();
    perNode.forEach((name, n) -> nodes.put(name,
        new NodeCounters(n.dispatched.get(), n.completed.get(), n.inFlight.get(), n.redispatchedAway.get())));
    return new ClusterPoolCounters(submitted.sum(), completed.get(), redispatched.get(), quarantined.get(),
        timedOut.get(), outcomeUnknown.get(), rejected.sum(), undeliverable.get(), inFlight.get(), waiting, nodes);
  }
}
