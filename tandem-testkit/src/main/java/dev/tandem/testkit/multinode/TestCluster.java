package dev.tandem.testkit.multinode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A running cluster of test nodes: node handles, view waits, partitions, barriers. Obtain one from
 * {@link MultiNodeExtension#cluster()} or {@link ClusterSpec#start()}.
 *
 * <p>Every wait is bounded (defaults from {@link MultiNodeSettings}); when one expires it throws
 * {@link MultiNodeTimeoutException} with each node's state and latest cluster view. Methods may be
 * called from any thread.
 */
public interface TestCluster extends AutoCloseable {

  /** The spec the cluster was started from. */
  ClusterSpec spec();

  /** All nodes in spec order, whatever their state. */
  List<Node> nodes();

  /**
   * Node {@code number}, counting from 1 like the default names: {@code node(1)} is {@code node-1}.
   *
   * @throws IllegalArgumentException if there is no such node
   */
  Node node(int number);

  /**
   * The node with this name.
   *
   * @throws IllegalArgumentException if there is no such node
   */
  Node node(String name);

  /** The directory holding this run's node logs and launch files. */
  Path runDirectory();

  /** Waits until every running node sees every running node Up and reachable. */
  void awaitAllUp();

  /** Waits until every other running, unpaused node sees {@code target} as unreachable. */
  void awaitUnreachable(Node target);

  /** Waits until every other running, unpaused node sees {@code target} as a reachable member. */
  void awaitReachable(Node target);

  /** Waits until every other running, unpaused node no longer has {@code target} as a member. */
  void awaitRemoved(Node target);

  /** Waits for a condition over the nodes (e.g. their {@link Node#view() views}), with the default bound. */
  void await(String description, BooleanSupplier condition);

  /**
   * Waits until {@code condition} holds, re-checking whenever a node's state or view changes.
   *
   * @param description what is awaited, for the failure message
   * @throws MultiNodeTimeoutException if it does not hold within {@code timeout}
   */
  void await(String description, BooleanSupplier condition, Duration timeout);

  /**
   * Cuts the network between every node of {@code side} and every node of {@code other}, in both
   * directions, with Artery's test-mode blackholes; the rest of the network is untouched and the
   * test can still control every node. Partitions accumulate until {@link #heal()}, and hold for a
   * restarted node too (they are between addresses, like a real network fault). Returns once
   * every running, unpaused node involved has applied it; a paused node applies it when resumed.
   */
  void partition(Collection<Node> side, Collection<Node> other);

  /** {@link #partition(Collection, Collection)} between two nodes. */
  void partition(Node a, Node b);

  /** Cuts {@code node} off from every other node. */
  void isolate(Node node);

  /** Removes every partition. */
  void heal();

  /**
   * Waits until the test and every running node have entered barrier {@code name}; nodes enter
   * with {@link NodeContext#enterBarrier}.
   *
   * @throws BarrierException if a participant dies or the barrier does not complete in time
   */
  void enterBarrier(String name);

  /** Waits until the test and the given nodes have entered barrier {@code name}. */
  void enterBarrier(String name, Collection<Node> participants);

  /** {@link #enterBarrier(String, Collection)} with its own bound instead of the barrier timeout. */
  void enterBarrier(String name, Collection<Node> participants, Duration timeout);

  /**
   * Kills every node still running, waits for the processes to exit and releases their ports.
   * Idempotent. Never throws for a node that is already gone.
   */
  @Override
  void close();
}
