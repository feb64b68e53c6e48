package dev.tandem.testkit.multinode.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.tandem.testkit.multinode.BarrierException;
import dev.tandem.testkit.multinode.NodeTask;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of the kit: connects to the test JVM, starts the node's ActorSystem, reports its
 * cluster view, and carries out the test's commands (join, run task, blackholes, barriers). The
 * same code runs in a node process ({@link NodeMain}) and, in-process, inside the test JVM.
 *
 * <p>If the control connection drops, the test JVM is gone: a node process halts at once so that
 * nothing outlives the test, and an in-process node terminates its ActorSystem.
 */
final class NodeRuntime {

  private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

  /** What a node needs to know to start. */
  record Launch(String node, String systemName, String token, int controlPort, Duration barrierTimeout, boolean inJvm) {}

  private final Launch launch;
  private final java.util.function.Supplier<Config> config;
  private final ClassLoader classLoader;
  private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, TaskContext> tasks = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, CompletableFuture<String>> barriers = new ConcurrentHashMap<>();
  private final AtomicLong barrierIds = new AtomicLong();
  private final ExecutorService taskThreads;
  private volatile FrameChannel channel;
  private volatile ActorSystem<Void> system;
  private volatile Blackholes blackholes;

  /**
   * @param config loads the node's configuration; called after connecting, so a bad setting is
   *     reported to the test as a start failure naming the key
   */
  NodeRuntime(Launch launch, java.util.function.Supplier<Config> config, ClassLoader classLoader) {
    this.launch = launch;
    this.config = config;
    this.classLoader = classLoader;
    this.taskThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tandem-task-" + launch.node());
      t.setDaemon(true);
      return t;
    });
  }

  String nodeName() {
    return launch.node();
  }

  ActorSystem<Void> system() {
    return system;
  }

  ConcurrentMap<String, Object> attributes() {
    return attributes;
  }

  Duration barrierTimeout() {
    return launch.barrierTimeout();
  }

  /**
   * Connects to the test, starts the ActorSystem and reports it.
   *
   * @return false if the ActorSystem could not start (already reported to the test)
   * @throws IOException if the test JVM cannot be reached
   */
  boolean start() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), launch.controlPort()), 10_000);
    channel = new FrameChannel(socket, "test");
    channel.send(new Frame.Connected(launch.node(), launch.token(), ProcessHandle.current().pid()));
    long startNanos = System.nanoTime();
    try {
      system = ActorSystem.create(Behaviors.empty(), launch.systemName(), config.get());
      // Loading the cluster extension reads the cluster settings: bad ones fail the start here.
      long uid = Cluster.get(system).selfMember().uniqueAddress().longUid();
      blackholes = new Blackholes(system);
      system.systemActorOf(ViewTracker.create(view -> channel.trySend(new Frame.ViewChanged(view))),
          "tandemTestkitViewTracker", Props.empty());
      Thread reader = new Thread(this::readCommands, "tandem-control-" + launch.node());
      reader.setDaemon(true);
      reader.start();
      system.getWhenTerminated().whenComplete((done, error) -> {
        taskThreads.shutdownNow();
        channel.close();
      });
      log.info("{} started its ActorSystem at {} in {} ms", launch.node(), system.address(),
          (System.nanoTime() - startNanos) / 1_000_000);
      channel.send(new Frame.Started(system.address().toString(), uid));
    } catch (RuntimeException | LinkageError e) {
      boolean portInUse = causedBy(e, BindException.class) || String.valueOf(e.getMessage()).contains("Address already in use");
      log.error("{} could not start: {}", launch.node(), e.toString());
      channel.trySend(new Frame.StartFailed(describe(e), portInUse));
      channel.close();
      if (system != null) {
        system.terminate();
      }
      return false;
    }
    return true;
  }

  /** Terminates the ActorSystem without leaving the cluster (in-process kill). */
  void terminateAbruptly() {
    channel.close();
    if (system != null) {
      system.terminate();
    }
  }

  /** Runs Pekko's CoordinatedShutdown: leaves the cluster, then terminates (in-process stop). */
  void shutDownGracefully() {
    CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
  }

  private void readCommands() {
    try {
      while (true) {
        onCommand(channel.read());
      }
    } catch (EOFException e) {
      controlLost("the test closed the control connection");
    } catch (IOException e) {
      controlLost(e.toString());
    }
  }

  private void controlLost(String why) {
    if (system != null && system.whenTerminated().isCompleted()) {
      return;
    }
    if (launch.inJvm()) {
      log.info("{}: control connection lost ({}); terminating the ActorSystem", launch.node(), why);
      system.terminate();
    } else {
      // The test JVM is gone (or gave up on us): nothing may outlive it.
      log.warn("{}: control connection to the test JVM lost ({}); halting", launch.node(), why);
      Runtime.getRuntime().halt(70);
    }
  }

  private void onCommand(Frame frame) {
    if (frame instanceof Frame.Join join) {
      join(join.seeds());
    } else if (frame instanceof Frame.RunTask run) {
      taskThreads.execute(() -> runTask(run));
    } else if (frame instanceof Frame.StopTask stop) {
      TaskContext task = tasks.get(stop.id());
      if (task != null) {
        task.requestStop();
      }
    } else if (frame instanceof Frame.SetBlackholes set) {
      try {
        blackholes.set(set.addresses());
        channel.trySend(new Frame.Ack(set.id(), ""));
      } catch (Exception e) {
        channel.trySend(new Frame.Ack(set.id(), describe(e)));
      }
    } else if (frame instanceof Frame.BarrierReleased released) {
      CompletableFuture<String> waiting = barriers.remove(released.id());
      if (waiting != null) {
        waiting.complete(released.error());
      }
    } else {
      log.warn("{}: dropped a control frame a node does not handle: {}", launch.node(), frame.getClass().getSimpleName());
    }
  }

  private void join(List<String> seeds) {
    Cluster cluster = Cluster.get(system);
    if (seeds.isEmpty()) {
      log.info("{} joins itself, forming a new cluster", launch.node());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      log.info("{} joins the cluster through {}", launch.node(), seeds);
      cluster.manager().tell(new JoinSeedNodes(seeds.stream().map(AddressFromURIString::parse).toList()));
    }
  }

  @SuppressWarnings("unchecked")
  private void runTask(Frame.RunTask run) {
    TaskContext context = new TaskContext(this);
    tasks.put(run.id(), context);
    long startNanos = System.nanoTime();
    try {
      Class<?> taskClass = Class.forName(run.taskClass(), true, classLoader);
      Constructor<?> constructor = taskClass.getDeclaredConstructor();
      constructor.setAccessible(true);
      NodeTask<Object, Object> task = (NodeTask<Object, Object>) constructor.newInstance();
      Object params = Json.fromTree(run.params(), Json.taskType(taskClass, 0));
      Object result = task.run(context, params);
      JsonNode tree = Json.tree(result);
      log.debug("{}: task {} finished in {} ms", launch.node(), taskClass.getSimpleName(),
          (System.nanoTime() - startNanos) / 1_000_000);
      channel.trySend(new Frame.TaskDone(run.id(), tree));
    } catch (InvocationTargetException e) {
      channel.trySend(new Frame.TaskFailed(run.id(), "its constructor threw " + describe(e.getCause())));
    } catch (Throwable e) {
      channel.trySend(new Frame.TaskFailed(run.id(), describe(e)));
    } finally {
      tasks.remove(run.id());
    }
  }

  void enterBarrier(String name, List<String> participants, Duration timeout) {
    long id = barrierIds.incrementAndGet();
    CompletableFuture<String> released = new CompletableFuture<>();
    barriers.put(id, released);
    if (!channel.trySend(new Frame.BarrierEnter(id, name, participants, timeout.toMillis()))) {
      barriers.remove(id);
      throw new BarrierException("barrier " + name + ": " + launch.node() + " cannot reach the test JVM");
    }
    String error;
    try {
      // The test decides the outcome within `timeout`; the margin only guards against losing it.
      error = released.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new BarrierException("barrier " + name + ": " + launch.node() + " got no answer from the test within "
          + timeout.plusSeconds(10).toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BarrierException("barrier " + name + ": " + launch.node() + " was interrupted while waiting");
    } catch (Exception e) {
      throw new BarrierException("barrier " + name + ": " + e);
    } finally {
      barriers.remove(id);
    }
    if (!error.isEmpty()) {
      throw new BarrierException(error);
    }
  }

  static String describe(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString().strip();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
