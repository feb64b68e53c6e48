package dev.tandem.testkit.multinode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One test node: a JVM process (or an ActorSystem in the test JVM, see {@link
 * ClusterSpec.Mode#IN_PROCESS}) with a fixed address. Handles stay valid across restarts.
 */
public interface Node {

  /** The node's name, e.g. {@code node-2}. */
  String name();

  /** Its Pekko address, e.g. {@code pekko://tandem@127.0.0.1:24817}; the same across restarts. */
  String address();

  /** Its Artery port on 127.0.0.1. */
  int port();

  /** What the kit last knows of it. */
  NodeState state();

  /** The OS process id of the current incarnation; empty in-process or before it starts. */
  Optional<Long> pid();

  /**
   * The exit code of the current incarnation once it is gone (137 after a kill, 0 after a graceful
   * stop); empty while it runs. In-process: 0 once terminated.
   */
  Optional<Integer> exitCode();

  /** The node's latest reported view of the cluster ({@link ClusterView#none} before it reports one). */
  ClusterView view();

  /** Waits until this node's view satisfies {@code condition}, with the default bound. */
  void awaitView(String description, Predicate<ClusterView> condition);

  /**
   * Waits until this node's view satisfies {@code condition}.
   *
   * @throws MultiNodeTimeoutException naming {@code description} if it does not within {@code timeout}
   */
  void awaitView(String description, Predicate<ClusterView> condition, Duration timeout);

  /**
   * Runs {@code task} on this node and returns its result. A new instance of the task class is
   * made on the node (it needs a no-argument constructor and must be a top-level or static nested
   * class on the test classpath); {@code params} and the result travel as JSON (Jackson), in
   * process and in-process mode alike.
   *
   * @throws NodeTaskException if the task throws or the node dies while running it
   * @throws MultiNodeTimeoutException if it takes longer than the task timeout
   */
  <P, R, T extends NodeTask<P, R>> R run(Class<T> task, P params);

  /** {@link #run(Class, Object)} for a task that takes no parameters. */
  <R, T extends NodeTask<NodeTask.None, R>> R run(Class<T> task);

  /**
   * Starts {@code task} on this node and returns at once; use this for client load that runs
   * while the test injects faults, then {@link TaskRun#requestStop()} and {@link TaskRun#await()}.
   */
  <P, R, T extends NodeTask<P, R>> TaskRun<R> start(Class<T> task, P params);

  /** Kills the node at once (SIGKILL; in-process: terminates its ActorSystem without leaving). Waits until it is gone. */
  void kill();

  /**
   * Stops the node gracefully (SIGTERM: Pekko's CoordinatedShutdown leaves the cluster) and waits
   * until it is gone. A paused node is resumed first.
   *
   * @throws MultiNodeTimeoutException if it has not exited within the stop timeout (it is then killed)
   */
  void stop();

  /**
   * Freezes the node process (SIGSTOP): it keeps its sockets but answers nothing, as in a long GC
   * pause. Returns once the OS reports the process stopped.
   *
   * @throws UnsupportedOperationException in-process
   */
  void pause();

  /** Lets a paused node run again (SIGCONT). */
  void resume();

  /**
   * Starts a node that was killed, stopped or exited again on the same address (a new incarnation),
   * joins it to the running nodes (or forms a new cluster if none runs) and waits until it is Up and
   * reachable in every running node's view.
   *
   * @throws IllegalStateException if the node is still running
   */
  void restart();

  /** The node's log file (all incarnations); empty in-process, where nodes log to the test's own log. */
  Optional<Path> logFile();

  /** The last {@code lines} lines of the node's log. */
  String logTail(int lines);
}
