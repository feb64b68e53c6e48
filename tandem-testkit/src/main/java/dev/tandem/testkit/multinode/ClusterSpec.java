package dev.tandem.testkit.multinode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.tandem.testkit.multinode.internal.RunningCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What cluster to start: how many nodes, where they run, and with what configuration. Immutable;
 * hand it to {@link MultiNodeExtension#create} or {@link #start()}.
 *
 * <pre>{@code
 * ClusterSpec.processes(3)
 *     .withDowning(Duration.ofSeconds(2))
 *     .withConfig("pekko.cluster.min-nr-of-members = 2")
 *     .withNode(3, n -> n.withRoles("backend").withSystemProperty("journal.url", url))
 * }</pre>
 *
 * @param name the ActorSystem name shared by all nodes (the extension uses the test class's name
 *     unless one was set)
 * @param mode separate JVM processes or ActorSystems inside the test JVM
 * @param nodes the nodes, in start order; {@code node-1} forms the cluster, so it is the oldest
 * @param config configuration for every node, behind each node's own
 * @param settings the kit's timeouts and launch options
 */
public record ClusterSpec(String name, Mode mode, List<NodeSpec> nodes, Config config, MultiNodeSettings settings) {

  /** The ActorSystem name used when none is set. */
  public static final String DEFAULT_NAME = "tandem";

  private static final Pattern SYSTEM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  /** Where nodes run. */
  public enum Mode {
    /**
     * Each node is a JVM process started from the test's classpath: every fault is available
     * (kill -9, SIGTERM, SIGSTOP/SIGCONT, partitions, restart).
     */
    PROCESSES,
    /**
     * Each node is an ActorSystem inside the test JVM: starts in a fraction of the time; kill
     * terminates the ActorSystem without leaving the cluster, pause is not available, partitions
     * work as for processes, system properties and JVM options cannot be set per node.
     */
    IN_PROCESS
  }

  /**
   * @throws IllegalArgumentException for no nodes, duplicate node names or an invalid system name
   */
  public ClusterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(settings, "settings");
    nodes = List.copyOf(nodes);
    if (!SYSTEM_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("cluster name '" + name
          + "' is not a valid ActorSystem name: letters, digits, '-' and '_', starting with a letter or digit");
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one node");
    }
    Set<String> names = new HashSet<>();
    for (NodeSpec n : nodes) {
      if (!names.add(n.name())) {
        throw new IllegalArgumentException("two nodes are named '" + n.name() + "'");
      }
    }
  }

  /** {@code count} node processes named {@code node-1} to {@code node-<count>}. */
  public static ClusterSpec processes(int count) {
    return new ClusterSpec(DEFAULT_NAME, Mode.PROCESSES, numbered(count), ConfigFactory.empty(), MultiNodeSettings.create());
  }

  /** {@code count} ActorSystems in the test JVM named {@code node-1} to {@code node-<count>}. */
  public static ClusterSpec inProcess(int count) {
    return new ClusterSpec(DEFAULT_NAME, Mode.IN_PROCESS, numbered(count), ConfigFactory.empty(), MultiNodeSettings.create());
  }

  private static List<NodeSpec> numbered(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, asked for " + count);
    }
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      nodes.add(NodeSpec.named("node-" + i));
    }
    return nodes;
  }

  /** Sets the ActorSystem name shared by all nodes. */
  public ClusterSpec withName(String systemName) {
    return new ClusterSpec(systemName, mode, nodes, config, settings);
  }

  /**
   * Adds HOCON configuration for every node, in front of what the spec already has.
   *
   * @throws com.typesafe.config.ConfigException.Parse if {@code hocon} does not parse
   */
  public ClusterSpec withConfig(String hocon) {
    return withConfig(ConfigFactory.parseString(hocon));
  }

  /** Adds configuration for every node, in front of what the spec already has. */
  public ClusterSpec withConfig(Config more) {
    return new ClusterSpec(name, mode, nodes, more.withFallback(config), settings);
  }

  /**
   * Configures Pekko's Split Brain Resolver (keep-majority) so that unreachable nodes are downed
   * and removed once the membership has been stable for {@code stableAfter}. Without a downing
   * provider an unreachable node stays a member until it comes back.
   */
  public ClusterSpec withDowning(Duration stableAfter) {
    return withConfig(ConfigFactory.parseString(
        "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"\n"
            + "pekko.cluster.split-brain-resolver.active-strategy = keep-majority\n"
            + "pekko.cluster.split-brain-resolver.stable-after = " + stableAfter.toMillis() + "ms\n"));
  }

  /**
   * Changes node {@code number} ({@code 1} is the first node).
   *
   * @throws IllegalArgumentException if there is no such node
   */
  public ClusterSpec withNode(int number, UnaryOperator<NodeSpec> change) {
    if (number < 1 || number > nodes.size()) {
      throw new IllegalArgumentException("no node " + number + ": nodes are numbered 1 to " + nodes.size());
    }
    List<NodeSpec> changed = new ArrayList<>(nodes);
    changed.set(number - 1, change.apply(nodes.get(number - 1)));
    return new ClusterSpec(name, mode, changed, config, settings);
  }

  /** Changes every node. */
  public ClusterSpec withEachNode(UnaryOperator<NodeSpec> change) {
    return new ClusterSpec(name, mode, nodes.stream().map(change).toList(), config, settings);
  }

  /** Replaces the kit's settings. */
  public ClusterSpec withSettings(MultiNodeSettings newSettings) {
    return new ClusterSpec(name, mode, nodes, config, newSettings);
  }

  /** Changes the kit's settings. */
  public ClusterSpec withSettings(UnaryOperator<MultiNodeSettings> change) {
    return withSettings(change.apply(settings));
  }

  /**
   * Starts the nodes and waits until they form a cluster: every node Up and reachable in every
   * node's view. The caller owns the result and must {@link TestCluster#close() close} it; a JVM
   * shutdown hook kills node processes left behind if the test JVM exits, and node processes exit
   * by themselves if the test JVM dies without running it.
   *
   * @throws NodeStartException if a node cannot start (its log tail is in the message)
   * @throws MultiNodeTimeoutException if the cluster does not form within the formation timeout
   */
  public TestCluster start() {
    return RunningCluster.start(this);
  }
}
