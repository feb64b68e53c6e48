package dev.tandem.testkit.multinode.internal;

import dev.tandem.testkit.multinode.BarrierException;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.ClusterView;
import dev.tandem.testkit.multinode.MemberStatus;
import dev.tandem.testkit.multinode.MultiNodeSettings;
import dev.tandem.testkit.multinode.MultiNodeTimeoutException;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeSpec;
import dev.tandem.testkit.multinode.NodeStartException;
import dev.tandem.testkit.multinode.NodeState;
import dev.tandem.testkit.multinode.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link TestCluster} implementation; also starts clusters ({@link ClusterSpec#start()}). */
public final class RunningCluster implements TestCluster {

  private static final Logger log = LoggerFactory.getLogger(RunningCluster.class);
  private static final int PORT_ATTEMPTS = 3;

  private final ClusterSpec spec;
  private final MultiNodeSettings settings;
  private final Object monitor = new Object();
  private final List<NodeHandle> nodes = new ArrayList<>();
  private final Map<String, NodeHandle> byName = new LinkedHashMap<>();
  private final Set<String> cuts = new TreeSet<>();
  private final Path runDir;
  private final ControlServer control;
  private final ScheduledExecutorService timer;
  private final Barriers barriers = new Barriers(this);
  private long version;
  private long ids;
  private boolean closed;

  private RunningCluster(ClusterSpec spec) throws IOException {
    this.spec = spec;
    this.settings = spec.settings();
    if (spec.mode() == ClusterSpec.Mode.IN_PROCESS) {
      for (NodeSpec n : spec.nodes()) {
        if (!n.systemProperties().isEmpty() || !n.jvmOptions().isEmpty()) {
          throw new IllegalArgumentException(n.name() + " sets JVM system properties or options, which in-process"
              + " nodes cannot have: use ClusterSpec.processes(...), or put the settings in withConfig(...)");
        }
      }
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.runDir = settings.logDirectory().toAbsolutePath()
        .resolve(spec.name() + "-" + stamp + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
    Files.createDirectories(runDir);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tandem-testkit-timer");
      t.setDaemon(true);
      return t;
    });
    this.control = new ControlServer(this::byToken);
    for (NodeSpec n : spec.nodes()) {
      NodeHandle handle = new NodeHandle(this, n, FreePorts.take(settings.portRangeStart(), settings.portRangeEnd()));
      nodes.add(handle);
      byName.put(n.name(), handle);
    }
  }

  /** Starts the cluster described by {@code spec}; see {@link ClusterSpec#start()}. */
  public static TestCluster start(ClusterSpec spec) {
    RunningCluster cluster;
    try {
      cluster = new RunningCluster(spec);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the test cluster: " + e.getMessage(), e);
    }
    try {
      cluster.form();
      return cluster;
    } catch (RuntimeException | Error e) {
      try {
        cluster.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  // ---- formation

  private void form() {
    long start = System.nanoTime();
    log.info("starting cluster {}: {} node{} ({}), logs in {}", spec.name(), nodes.size(), nodes.size() == 1 ? "" : "s",
        spec.mode(), runDir);
    for (NodeHandle n : nodes) {
      launchOrFail(n);
    }
    NodeHandle first = nodes.get(0);
    Set<NodeHandle> joined = new HashSet<>();
    Map<NodeHandle, Integer> attempts = new LinkedHashMap<>();
    long deadline = start + settings.nodeStartTimeout().toNanos();
    while (joined.size() < nodes.size()) {
      long seen = version();
      for (NodeHandle n : nodes) {
        if (joined.contains(n)) {
          continue;
        }
        if (n.state() == NodeState.RUNNING && (n == first || joined.contains(first))) {
          // node-1 forms the cluster by joining itself, so nobody waits out seed-node-timeout and
          // node-1 is the oldest member; the others join through it as soon as it runs.
          n.send(new Frame.Join(n == first ? List.of() : List.of(first.address())));
          joined.add(n);
        } else if (startFailed(n)) {
          int tries = attempts.merge(n, 1, Integer::sum);
          if (n.portInUse() && tries < PORT_ATTEMPTS) {
            int port = FreePorts.take(settings.portRangeStart(), settings.portRangeEnd());
            log.info("{}: port {} was taken meanwhile; retrying on {}", n.name(), n.port(), port);
            n.usePort(port);
            launchOrFail(n);
          } else {
            throw startFailure(n);
          }
        }
      }
      if (joined.size() < nodes.size()) {
        if (System.nanoTime() - deadline >= 0) {
          throw new NodeStartException("not every node started within node-start-timeout ("
              + Durations.format(settings.nodeStartTimeout()) + ")\n" + describeNodes() + "\n" + logTails());
        }
        waitForChange(seen, deadline);
      }
    }
    String running = Durations.sinceNanos(start);
    await("the cluster to form: every node Up and reachable in every node's view", this::allUp,
        settings.formationTimeout());
    log.info("cluster {} formed: {} nodes Up in {} (all ActorSystems running after {})", spec.name(), nodes.size(),
        Durations.sinceNanos(start), running);
  }

  private void launchOrFail(NodeHandle n) {
    try {
      n.launch();
    } catch (IOException e) {
      throw new NodeStartException("cannot launch " + n.name() + ": " + e);
    }
  }

  private boolean startFailed(NodeHandle n) {
    return n.startFailure().isPresent() || (n.state() == NodeState.EXITED && n.goneAndDrained());
  }

  private NodeStartException startFailure(NodeHandle n) {
    String why = n.startFailure().orElseGet(() -> "it exited with code " + n.exitCode().orElse(-1)
        + " before its ActorSystem started");
    return new NodeStartException(n.name() + " could not start: " + why + "\n--- last "
        + settings.logTailLines() + " lines of " + n.name() + "'s log ---\n" + n.logTail(settings.logTailLines()));
  }

  void restart(NodeHandle n) {
    synchronized (monitor) {
      if (closed) {
        throw new IllegalStateException("the cluster is closed");
      }
      if (n.state().isAlive()) {
        throw new IllegalStateException("cannot restart " + n.name() + ": it is " + n.state() + "; kill or stop it first");
      }
    }
    long start = System.nanoTime();
    launchOrFail(n);
    try {
      await(n.name() + " to run again", () -> n.state() == NodeState.RUNNING || startFailed(n), settings.nodeStartTimeout());
    } catch (MultiNodeTimeoutException e) {
      n.kill();
      throw new NodeStartException(n.name() + " did not restart within node-start-timeout\n" + e.getMessage()
          + "\n--- log ---\n" + n.logTail(settings.logTailLines()));
    }
    if (startFailed(n)) {
      throw startFailure(n);
    }
    String running = Durations.sinceNanos(start);
    pushBlackholes(List.of(n));
    List<String> seeds = new ArrayList<>();
    for (NodeHandle other : nodes) {
      if (other != n && other.state() == NodeState.RUNNING && other.view().selfStatus() == MemberStatus.UP) {
        seeds.add(other.address());
      }
    }
    n.send(new Frame.Join(seeds));
    await(n.name() + " to be Up and reachable in every running node's view", () -> {
      for (NodeHandle observer : nodes) {
        if (observer.state() == NodeState.RUNNING && !observer.view().isUp(n)) {
          return false;
        }
      }
      return true;
    }, settings.awaitTimeout());
    log.info("restarted {} in {} (running after {}, joined {})", n.name(), Durations.sinceNanos(start), running,
        seeds.isEmpty() ? "itself" : "through " + seeds.size() + " seed(s)");
  }

  NodeProcess launch(NodeSpec node, int port, String token) throws IOException {
    if (spec.mode() == ClusterSpec.Mode.PROCESSES) {
      return JvmNodeProcess.launch(spec, node, port, token, control.port(), runDir);
    }
    return InJvmNodeProcess.launch(spec, node, port, token, control.port(), settings.barrierTimeout());
  }

  // ---- TestCluster

  @Override
  public ClusterSpec spec() {
    return spec;
  }

  @Override
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public Node node(int number) {
    if (number < 1 || number > nodes.size()) {
      throw new IllegalArgumentException("no node " + number + ": nodes are numbered 1 to " + nodes.size());
    }
    return nodes.get(number - 1);
  }

  @Override
  public Node node(String name) {
    NodeHandle n = byName.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node named '" + name + "'; nodes are " + byName.keySet());
    }
    return n;
  }

  @Override
  public Path runDirectory() {
    return runDir;
  }

  @Override
  public void awaitAllUp() {
    await("every running node to see every running node Up and reachable", this::allUp, settings.awaitTimeout());
  }

  private boolean allUp() {
    for (NodeHandle observer : nodes) {
      if (observer.state() == NodeState.RUNNING) {
        ClusterView v = observer.view();
        if (v.selfStatus() != MemberStatus.UP) {
          return false;
        }
        for (NodeHandle other : nodes) {
          if ((other.state() == NodeState.RUNNING || other.state() == NodeState.PAUSED) && !v.isUp(other)) {
            return false;
          }
        }
      } else if (observer.state() == NodeState.STARTING || observer.state() == NodeState.PAUSED) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void awaitUnreachable(Node target) {
    awaitObservers("to see " + target.name() + " unreachable", target, v -> v.isUnreachable(target));
  }

  @Override
  public void awaitReachable(Node target) {
    awaitObservers("to see " + target.name() + " as a reachable member", target,
        v -> v.isMember(target) && !v.isUnreachable(target));
  }

  @Override
  public void awaitRemoved(Node target) {
    awaitObservers("to no longer have " + target.name() + " as a member", target, v -> !v.isMember(target));
  }

  private void awaitObservers(String what, Node target, java.util.function.Predicate<ClusterView> condition) {
    await("every other running node " + what, () -> {
      for (NodeHandle observer : nodes) {
        if (observer != target && observer.state() == NodeState.RUNNING && !condition.test(observer.view())) {
          return false;
        }
      }
      return true;
    }, settings.awaitTimeout());
  }

  @Override
  public void await(String description, BooleanSupplier condition) {
    await(description, condition, settings.awaitTimeout());
  }

  @Override
  public void await(String description, BooleanSupplier condition, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      long seen = version();
      // The condition runs outside the monitor: it may call back into the kit.
      if (condition.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new MultiNodeTimeoutException("timed out after " + Durations.format(timeout) + " waiting for "
            + description + "\n" + describeNodes());
      }
      waitForChange(seen, deadline);
    }
  }

  @Override
  public void partition(Collection<Node> side, Collection<Node> other) {
    Set<NodeHandle> affected = new LinkedHashSet<>();
    synchronized (monitor) {
      for (Node a : side) {
        for (Node b : other) {
          if (!a.name().equals(b.name())) {
            cuts.add(cut(a, b));
            affected.add(handle(a));
            affected.add(handle(b));
          }
        }
      }
      changed();
    }
    log.info("partitioned {} from {}", names(side), names(other));
    pushBlackholes(affected);
  }

  @Override
  public void partition(Node a, Node b) {
    partition(List.of(a), List.of(b));
  }

  @Override
  public void isolate(Node node) {
    List<Node> others = nodes.stream().filter(n -> n != handle(node)).map(n -> (Node) n).toList();
    partition(List.of(node), others);
  }

  @Override
  public void heal() {
    synchronized (monitor) {
      cuts.clear();
      changed();
    }
    pushBlackholes(nodes);
    log.info("healed all partitions");
  }

  private static String cut(Node a, Node b) {
    return a.name().compareTo(b.name()) < 0 ? a.name() + "|" + b.name() : b.name() + "|" + a.name();
  }

  private List<String> blackholesFor(NodeHandle n) {
    List<String> addresses = new ArrayList<>();
    synchronized (monitor) {
      for (NodeHandle other : nodes) {
        if (other != n && cuts.contains(cut(n, other))) {
          addresses.add(other.address());
        }
      }
    }
    return addresses;
  }

  /** Sends each node its blackhole set; waits for the running ones, a paused one applies it on resume. */
  private void pushBlackholes(Collection<NodeHandle> targets) {
    Map<NodeHandle, CompletableFuture<String>> acks = new LinkedHashMap<>();
    for (NodeHandle n : targets) {
      if (n.state() == NodeState.RUNNING || n.state() == NodeState.PAUSED) {
        acks.put(n, n.sendBlackholes(blackholesFor(n)));
      }
    }
    List<String> errors = new ArrayList<>();
    for (Map.Entry<NodeHandle, CompletableFuture<String>> e : acks.entrySet()) {
      if (e.getKey().state() == NodeState.RUNNING) {
        String error = NodeHandle.awaitAck(e.getKey(), e.getValue(), settings.awaitTimeout());
        if (!error.isEmpty() && e.getKey().state() == NodeState.RUNNING) {
          errors.add(e.getKey().name() + ": " + error);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("could not change partitions on " + errors);
    }
  }

  @Override
  public void enterBarrier(String name) {
    enterBarrier(name, List.of(), false, settings.barrierTimeout());
  }

  @Override
  public void enterBarrier(String name, Collection<Node> participants) {
    enterBarrier(name, participants, true, settings.barrierTimeout());
  }

  @Override
  public void enterBarrier(String name, Collection<Node> participants, Duration timeout) {
    enterBarrier(name, participants, true, timeout);
  }

  private void enterBarrier(String name, Collection<Node> participants, boolean named, Duration timeout) {
    List<String> names = new ArrayList<>();
    if (named) {
      names.add(NodeContext.TEST);
      participants.forEach(p -> names.add(p.name()));
    }
    CompletableFuture<String> released = new CompletableFuture<>();
    barriers.enter(name, NodeContext.TEST, names, timeout, released::complete);
    String error;
    try {
      error = released.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new BarrierException("barrier " + name + ": no outcome for the test: " + e);
    }
    if (!error.isEmpty()) {
      throw new BarrierException(error);
    }
  }

  @Override
  public void close() {
    List<NodeHandle> alive = new ArrayList<>();
    synchronized (monitor) {
      if (closed) {
        return;
      }
      closed = true;
      for (NodeHandle n : nodes) {
        if (n.state().isAlive()) {
          alive.add(n);
        }
      }
    }
    long start = System.nanoTime();
    List<String> survivors = new ArrayList<>();
    for (NodeHandle n : alive) {
      try {
        n.kill();
      } catch (MultiNodeTimeoutException e) {
        survivors.add(n.name() + " (pid " + n.pid().map(String::valueOf).orElse("?") + ")");
      }
    }
    control.close();
    timer.shutdownNow();
    log.info("closed cluster {} in {}", spec.name(), Durations.sinceNanos(start));
    if (!survivors.isEmpty()) {
      throw new IllegalStateException("node processes did not exit after SIGKILL within "
          + Durations.format(settings.stopTimeout()) + ": " + survivors);
    }
  }

  // ---- shared with the other internals

  Object monitor() {
    return monitor;
  }

  /** Wakes every waiter; call with the monitor held. */
  void changed() {
    version++;
    monitor.notifyAll();
    if (!timer.isShutdown() && barriers.anyOpen()) {
      timer.execute(barriers::check);
    }
  }

  private long version() {
    synchronized (monitor) {
      return version;
    }
  }

  private void waitForChange(long seen, long deadlineNanos) {
    synchronized (monitor) {
      long left = deadlineNanos - System.nanoTime();
      if (version == seen && left > 0) {
        try {
          // Bounded so that conditions on things that do not signal (the clock) are re-checked.
          monitor.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 250)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MultiNodeTimeoutException("interrupted while waiting");
        }
      }
    }
  }

  long nextId() {
    synchronized (monitor) {
      return ++ids;
    }
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  Barriers barriers() {
    return barriers;
  }

  List<NodeHandle> handles() {
    return nodes;
  }

  NodeHandle handle(String name) {
    return byName.get(name);
  }

  private NodeHandle handle(Node node) {
    NodeHandle n = byName.get(node.name());
    if (n == null || n != node) {
      throw new IllegalArgumentException(node.name() + " is not a node of this cluster");
    }
    return n;
  }

  private NodeHandle byToken(String token) {
    for (NodeHandle n : nodes) {
      if (n.token().equals(token)) {
        return n;
      }
    }
    return null;
  }

  private static String names(Collection<Node> nodes) {
    return nodes.stream().map(Node::name).toList().toString();
  }

  /** Each node's state, process, address and latest view, for failure messages. */
  public String describeNodes() {
    Map<String, String> names = new LinkedHashMap<>();
    for (NodeHandle n : nodes) {
      names.put(n.address(), n.name());
    }
    StringBuilder b = new StringBuilder("nodes:");
    for (NodeHandle n : nodes) {
      b.append("\n  ").append(n.name()).append(' ').append(n.state());
      n.exitCode().ifPresent(code -> b.append(" (exit ").append(code).append(')'));
      n.pid().ifPresent(pid -> b.append(" pid ").append(pid));
      b.append(" port ").append(n.port());
      ClusterView v = n.view();
      b.append("\n      ").append(n.state().isAlive() ? "view" : "last view").append(": self ").append(v.selfStatus());
      v.leader().ifPresent(l -> b.append(", leader ").append(names.getOrDefault(l, l)));
      b.append(", members [");
      List<String> members = new ArrayList<>();
      new TreeSet<>(v.members().keySet()).forEach(address -> members.add(names.getOrDefault(address, address) + " "
          + v.members().get(address) + (v.unreachable().contains(address) ? " UNREACHABLE" : "")));
      b.append(String.join(", ", members)).append(']');
    }
    synchronized (monitor) {
      if (!cuts.isEmpty()) {
        b.append("\n  partitions: ").append(cuts);
      }
    }
    return b.toString();
  }

  /** Every node's log tail, for failure reports. */
  public String logTails() {
    StringBuilder b = new StringBuilder();
    for (NodeHandle n : nodes) {
      b.append("\n--- ").append(n.name()).append(" (").append(n.state()).append(") last ")
          .append(settings.logTailLines()).append(" lines of ")
          .append(n.logFile().map(Path::toString).orElse("its log")).append(" ---\n")
          .append(n.logTail(settings.logTailLines()));
    }
    return b.toString();
  }
}
