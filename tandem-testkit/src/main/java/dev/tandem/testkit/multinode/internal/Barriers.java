package dev.tandem.testkit.multinode.internal;

import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Barriers across the test JVM and its nodes, coordinated in the test JVM. A barrier completes
 * when every participant has entered: the set some entrant named, or, if none did, the test and
 * every running node. It fails for everyone on a timeout (naming who is missing), when a named
 * participant dies, or when entrants disagree on the participants. A name can be reused once its
 * barrier has completed or failed.
 */
final class Barriers {

  private final RunningCluster cluster;
  private final Map<String, Barrier> open = new HashMap<>();

  private static final class Barrier {
    final String name;
    final long startNanos = System.nanoTime();
    Set<String> named;
    final Map<String, Consumer<String>> arrived = new LinkedHashMap<>();
    long deadlineNanos = Long.MAX_VALUE;
    String failure;

    Barrier(String name) {
      this.name = name;
    }
  }

  Barriers(RunningCluster cluster) {
    this.cluster = cluster;
  }

  void enter(String name, String participant, List<String> participants, Duration timeout, Consumer<String> release) {
    List<Runnable> releases = new ArrayList<>();
    synchronized (cluster.monitor()) {
      Barrier b = open.computeIfAbsent(name, Barrier::new);
      if (b.arrived.containsKey(participant)) {
        b.failure = "barrier " + name + ": " + participant + " entered it twice";
      }
      if (!participants.isEmpty()) {
        Set<String> set = new TreeSet<>(participants);
        if (b.named == null) {
          b.named = set;
        } else if (!b.named.equals(set)) {
          b.failure = "barrier " + name + ": participants disagree: " + b.named + " versus " + set + " (from " + participant + ")";
        }
      }
      b.arrived.put(participant, release);
      b.deadlineNanos = Math.min(b.deadlineNanos, System.nanoTime() + timeout.toNanos());
      evaluate(b, releases);
    }
    cluster.timer().schedule(this::check, timeout.toMillis() + 1, TimeUnit.MILLISECONDS);
    releases.forEach(Runnable::run);
  }

  /** Re-evaluates every open barrier (after a state change or a deadline). */
  void check() {
    List<Runnable> releases = new ArrayList<>();
    synchronized (cluster.monitor()) {
      for (Barrier b : List.copyOf(open.values())) {
        evaluate(b, releases);
      }
    }
    releases.forEach(Runnable::run);
  }

  boolean anyOpen() {
    synchronized (cluster.monitor()) {
      return !open.isEmpty();
    }
  }

  private void evaluate(Barrier b, List<Runnable> releases) {
    Set<String> expected = b.named != null ? b.named : defaultParticipants();
    String failure = b.failure;
    if (failure == null && b.named != null) {
      failure = problemWithNamed(b);
    }
    if (failure == null && b.arrived.keySet().containsAll(expected)) {
      finish(b, "", releases);
      return;
    }
    if (failure == null && System.nanoTime() - b.deadlineNanos >= 0) {
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(b.arrived.keySet());
      failure = "barrier " + b.name + " timed out after " + Durations.sinceNanos(b.startNanos) + ": entered "
          + b.arrived.keySet() + ", missing " + missing + "\n" + cluster.describeNodes();
    }
    if (failure != null) {
      finish(b, failure, releases);
    }
  }

  private String problemWithNamed(Barrier b) {
    for (String p : b.named) {
      if (p.equals(NodeContext.TEST)) {
        continue;
      }
      NodeHandle node = cluster.handle(p);
      if (node == null) {
        return "barrier " + b.name + ": unknown participant '" + p + "' (participants are node names and '"
            + NodeContext.TEST + "')";
      }
      if (!node.state().isAlive() && !b.arrived.containsKey(p)) {
        return "barrier " + b.name + ": participant " + p + " is " + node.state() + " and cannot enter";
      }
    }
    for (String p : b.arrived.keySet()) {
      if (!b.named.contains(p)) {
        return "barrier " + b.name + ": " + p + " entered but is not one of its participants " + b.named;
      }
    }
    return null;
  }

  private Set<String> defaultParticipants() {
    Set<String> all = new TreeSet<>();
    all.add(NodeContext.TEST);
    for (NodeHandle n : cluster.handles()) {
      if (n.state() == NodeState.RUNNING || n.state() == NodeState.PAUSED) {
        all.add(n.name());
      }
    }
    return all;
  }

  private void finish(Barrier b, String error, List<Runnable> releases) {
    open.remove(b.name);
    for (Iterator<Consumer<String>> it = b.arrived.values().iterator(); it.hasNext(); ) {
      Consumer<String> release = it.next();
      releases.add(() -> release.accept(error));
    }
  }
}
