package dev.tandem.testkit.multinode.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.multinode.ClusterView;
import dev.tandem.testkit.multinode.MultiNodeTimeoutException;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.NodeSpec;
import dev.tandem.testkit.multinode.NodeState;
import dev.tandem.testkit.multinode.NodeTask;
import dev.tandem.testkit.multinode.NodeTaskException;
import dev.tandem.testkit.multinode.TaskRun;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test side of one node across its incarnations. State changes happen under the cluster's
 * monitor and wake every waiter; reads are of volatile fields and never block.
 */
final class NodeHandle implements Node {

  private static final Logger log = LoggerFactory.getLogger(NodeHandle.class);

  private final RunningCluster cluster;
  private final NodeSpec spec;
  private final ConcurrentMap<Long, PendingTask<?>> tasks = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, CompletableFuture<String>> acks = new ConcurrentHashMap<>();

  private volatile int port;
  private volatile NodeState state = NodeState.STARTING;
  private volatile NodeProcess process;
  private volatile String token = "";
  private volatile FrameChannel channel;
  private volatile ClusterView view;
  private volatile Optional<Long> pid = Optional.empty();
  private volatile Optional<Path> logFile = Optional.empty();
  private volatile String startFailure;
  private volatile boolean portInUse;
  private volatile Integer exitCode;
  private volatile NodeState requestedEnd;
  private volatile long launchedNanos;
  private volatile long exitedNanos;
  private volatile boolean everConnected;

  NodeHandle(RunningCluster cluster, NodeSpec spec, int port) {
    this.cluster = cluster;
    this.spec = spec;
    this.port = port;
    this.view = ClusterView.none(address());
  }

  RunningCluster cluster() {
    return cluster;
  }

  NodeSpec spec() {
    return spec;
  }

  // ---- Node

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public String address() {
    return "pekko://" + cluster.spec().name() + "@127.0.0.1:" + port;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public NodeState state() {
    return state;
  }

  @Override
  public Optional<Long> pid() {
    return pid;
  }

  @Override
  public ClusterView view() {
    return view;
  }

  @Override
  public void awaitView(String description, Predicate<ClusterView> condition) {
    awaitView(description, condition, cluster.spec().settings().awaitTimeout());
  }

  @Override
  public void awaitView(String description, Predicate<ClusterView> condition, Duration timeout) {
    cluster.await(name() + "'s view: " + description, () -> condition.test(view), timeout);
  }

  @Override
  public <P, R, T extends NodeTask<P, R>> R run(Class<T> task, P params) {
    return this.<P, R, T>start(task, params).await();
  }

  @Override
  public <R, T extends NodeTask<NodeTask.None, R>> R run(Class<T> task) {
    return this.<NodeTask.None, R, T>start(task, NodeTask.None.INSTANCE).await();
  }

  @Override
  public <P, R, T extends NodeTask<P, R>> TaskRun<R> start(Class<T> task, P params) {
    checkTaskClass(task);
    JsonNode tree;
    try {
      tree = Json.tree(params);
    } catch (IllegalArgumentException e) {
      throw new NodeTaskException("the parameters of task " + task.getName() + " cannot be written as JSON: " + e.getMessage(), e);
    }
    PendingTask<R> pending = new PendingTask<>(this, cluster.nextId(), task.getSimpleName(), Json.taskType(task, 1));
    FrameChannel c = channel;
    NodeState s = state;
    if (c == null || !(s == NodeState.RUNNING || s == NodeState.PAUSED)) {
      throw new NodeTaskException(name() + " is " + s + ": cannot run task " + task.getSimpleName() + " on it");
    }
    tasks.put(pending.id(), pending);
    if (!c.trySend(new Frame.RunTask(pending.id(), task.getName(), tree))) {
      tasks.remove(pending.id());
      throw new NodeTaskException("lost the connection to " + name() + " while starting task " + task.getSimpleName());
    }
    return pending;
  }

  private static void checkTaskClass(Class<?> task) {
    if (task.isAnonymousClass() || task.isLocalClass() || task.isSynthetic()
        || (task.isMemberClass() && !Modifier.isStatic(task.getModifiers()))) {
      throw new IllegalArgumentException("task " + task.getName() + " must be a top-level or static nested class:"
          + " the node makes its own instance with the no-argument constructor");
    }
    if (Modifier.isAbstract(task.getModifiers())) {
      throw new IllegalArgumentException("task " + task.getName() + " is abstract");
    }
    try {
      task.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("task " + task.getName() + " needs a no-argument constructor", e);
    }
  }

  @Override
  public void kill() {
    NodeProcess p;
    synchronized (cluster.monitor()) {
      if (!state.isAlive()) {
        return;
      }
      requestedEnd = NodeState.KILLED;
      p = process;
    }
    long start = System.nanoTime();
    p.kill();
    cluster.await(name() + " to exit after being killed", () -> !state.isAlive(), cluster.spec().settings().stopTimeout());
    log.info("killed {} in {}", name(), Durations.sinceNanos(start));
  }

  @Override
  public void stop() {
    if (state == NodeState.PAUSED) {
      resume();
    }
    NodeProcess p;
    synchronized (cluster.monitor()) {
      if (!state.isAlive()) {
        return;
      }
      requestedEnd = NodeState.STOPPED;
      p = process;
    }
    long start = System.nanoTime();
    p.terminate();
    Duration bound = cluster.spec().settings().stopTimeout();
    try {
      cluster.await(name() + " to stop gracefully", () -> !state.isAlive(), bound);
    } catch (MultiNodeTimeoutException e) {
      requestedEnd = NodeState.KILLED;
      p.kill();
      cluster.await(name() + " to exit after being killed", () -> !state.isAlive(), bound);
      throw new MultiNodeTimeoutException(name() + " did not stop gracefully within " + Durations.format(bound)
          + ", so it was killed\n" + cluster.describeNodes());
    }
    log.info("stopped {} gracefully in {}", name(), Durations.sinceNanos(start));
  }

  @Override
  public void pause() {
    synchronized (cluster.monitor()) {
      if (state != NodeState.RUNNING) {
        throw new IllegalStateException("cannot pause " + name() + ": it is " + state);
      }
      process.pause();
      state = NodeState.PAUSED;
      cluster.changed();
    }
    log.info("paused {} (SIGSTOP)", name());
  }

  @Override
  public void resume() {
    synchronized (cluster.monitor()) {
      if (state != NodeState.PAUSED) {
        throw new IllegalStateException("cannot resume " + name() + ": it is " + state + ", not PAUSED");
      }
      process.resume();
      state = NodeState.RUNNING;
      cluster.changed();
    }
    log.info("resumed {} (SIGCONT)", name());
  }

  @Override
  public void restart() {
    cluster.restart(this);
  }

  @Override
  public Optional<Path> logFile() {
    return logFile;
  }

  @Override
  public String logTail(int lines) {
    return logFile.map(f -> LogTail.of(f, lines))
        .orElse("(in-process node: it logs to the test JVM's own log)");
  }

  // ---- life cycle, driven by RunningCluster

  void launch() throws IOException {
    String newToken = UUID.randomUUID().toString();
    synchronized (cluster.monitor()) {
      state = NodeState.STARTING;
      token = newToken;
      view = ClusterView.none(address());
      startFailure = null;
      portInUse = false;
      exitCode = null;
      requestedEnd = null;
      channel = null;
      everConnected = false;
      pid = Optional.empty();
      launchedNanos = System.nanoTime();
    }
    NodeProcess p = cluster.launch(spec, port, newToken);
    synchronized (cluster.monitor()) {
      process = p;
      pid = p.pid();
      logFile = p.logFile();
      cluster.changed();
    }
    p.onExit().whenComplete((code, error) -> exited(p, code == null ? -1 : code));
  }

  void usePort(int newPort) {
    port = newPort;
    view = ClusterView.none(address());
  }

  long launchedNanos() {
    return launchedNanos;
  }

  Optional<String> startFailure() {
    return Optional.ofNullable(startFailure);
  }

  boolean portInUse() {
    return portInUse;
  }

  @Override
  public Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
  }

  /**
   * True once the incarnation is gone and everything it sent has been read: its connection closed,
   * or it never connected within a grace period (a JVM that could not even boot).
   */
  boolean goneAndDrained() {
    if (state.isAlive() || exitCode == null) {
      return false;
    }
    if (everConnected) {
      return channel == null;
    }
    return System.nanoTime() - exitedNanos > java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
  }

  String token() {
    return token;
  }

  private void exited(NodeProcess p, int code) {
    String why;
    synchronized (cluster.monitor()) {
      if (process != p) {
        return;
      }
      exitCode = code;
      exitedNanos = System.nanoTime();
      state = requestedEnd != null ? requestedEnd : NodeState.EXITED;
      why = name() + " was " + (requestedEnd != null ? requestedEnd.name().toLowerCase() : "gone (exit " + code + ")");
      cluster.changed();
    }
    if (requestedEnd == null) {
      log.info("{} exited by itself with code {}", name(), code);
    }
    failOutstanding(why);
  }

  void attach(FrameChannel c, String connectedToken, long reportedPid) {
    synchronized (cluster.monitor()) {
      if (!connectedToken.equals(token) || !state.isAlive()) {
        c.close();
        return;
      }
      channel = c;
      everConnected = true;
      if (pid.isEmpty() && reportedPid > 0 && process instanceof JvmNodeProcess) {
        pid = Optional.of(reportedPid);
      }
      cluster.changed();
    }
  }

  void detach(FrameChannel c) {
    synchronized (cluster.monitor()) {
      if (channel != c) {
        return;
      }
      channel = null;
      cluster.changed();
    }
    failOutstanding("the control connection to " + name() + " closed (node killed, stopped or crashed)");
  }

  private void failOutstanding(String why) {
    for (Long id : tasks.keySet()) {
      PendingTask<?> task = tasks.remove(id);
      if (task != null) {
        task.failed(why + " while the task was running");
      }
    }
    for (Long id : acks.keySet()) {
      CompletableFuture<String> ack = acks.remove(id);
      if (ack != null) {
        ack.complete(why);
      }
    }
  }

  void onFrame(Frame frame) {
    if (frame instanceof Frame.ViewChanged changed) {
      synchronized (cluster.monitor()) {
        view = changed.view();
        cluster.changed();
      }
    } else if (frame instanceof Frame.Started started) {
      synchronized (cluster.monitor()) {
        if (state == NodeState.STARTING) {
          state = NodeState.RUNNING;
        }
        cluster.changed();
      }
      if (!started.address().equals(address())) {
        log.warn("{} reports address {} but the kit expected {}", name(), started.address(), address());
      }
      log.info("{} is running at {} ({} after launch)", name(), started.address(), Durations.sinceNanos(launchedNanos));
    } else if (frame instanceof Frame.StartFailed failed) {
      synchronized (cluster.monitor()) {
        startFailure = failed.reason();
        portInUse = failed.portInUse();
        cluster.changed();
      }
    } else if (frame instanceof Frame.TaskDone done) {
      PendingTask<?> task = tasks.remove(done.id());
      if (task != null) {
        task.succeeded(done.result());
      }
    } else if (frame instanceof Frame.TaskFailed failed) {
      PendingTask<?> task = tasks.remove(failed.id());
      if (task != null) {
        task.failed(failed.error());
      }
    } else if (frame instanceof Frame.BarrierEnter enter) {
      cluster.barriers().enter(enter.barrier(), name(), enter.participants(), Duration.ofMillis(enter.timeoutMillis()),
          error -> send(new Frame.BarrierReleased(enter.id(), error)));
    } else if (frame instanceof Frame.Ack ack) {
      CompletableFuture<String> waiting = acks.remove(ack.id());
      if (waiting != null) {
        waiting.complete(ack.error());
      }
    } else {
      log.warn("dropped a control frame the test does not handle from {}: {}", name(), frame.getClass().getSimpleName());
    }
  }

  /** Sends a frame if connected; false if not. */
  boolean send(Frame frame) {
    FrameChannel c = channel;
    return c != null && c.trySend(frame);
  }

  /** Sends the node its complete set of blackholed peers. */
  CompletableFuture<String> sendBlackholes(java.util.List<String> addresses) {
    long id = cluster.nextId();
    CompletableFuture<String> ack = new CompletableFuture<>();
    acks.put(id, ack);
    if (!send(new Frame.SetBlackholes(id, addresses))) {
      acks.remove(id);
      ack.complete(name() + " is not connected");
    }
    return ack;
  }

  /** Waits for an acknowledgement, bounded. */
  static String awaitAck(NodeHandle node, CompletableFuture<String> ack, Duration timeout) {
    try {
      return ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return node.name() + " did not acknowledge within " + Durations.format(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause().toString();
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
