package dev.tandem.cluster.pool;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.tandem.pool.Routing;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The settings of one cluster pool on one node, read once from {@code tandem.cluster-pool} (see
 * tandem-cluster's reference.conf for what each key means) and immutable afterwards. Every
 * constructor path validates: a bad value fails at once with an {@link IllegalArgumentException}
 * whose message names the configuration key.
 *
 * @param workersPerNode workers this node runs ({@code workers-per-node}), 0 for a client-only node
 * @param workerRole only nodes with this cluster role run workers ({@code worker-role}); empty: all
 * @param routing how a job picks its node and worker ({@code routing})
 * @param preferLocal use this node's workers while it has any ({@code prefer-local})
 * @param virtualNodes ring points per node and per worker ({@code consistent-hash-virtual-nodes})
 * @param capacity unfinished jobs submitted through this node ({@code capacity})
 * @param nodeCapacity jobs this node's workers hold at once ({@code node-capacity})
 * @param maxAttempts worker failures on one node before a job is quarantined ({@code max-attempts})
 * @param maxRedispatches moves of one job to another node after node loss ({@code max-redispatches})
 * @param unreachableTimeout how long a node may be unreachable before its jobs move ({@code
 *     unreachable-timeout}), shorter than jobTimeout
 * @param jobTimeout default deadline of a job from submit ({@code job-timeout})
 * @param minBackoff first worker restart delay ({@code restart.min-backoff})
 * @param maxBackoff longest worker restart delay ({@code restart.max-backoff})
 * @param randomFactor random stretch of restart delays ({@code restart.random-factor})
 * @param drainTimeout default time {@link ClusterPool#stop()} waits ({@code drain-timeout})
 */
public record ClusterPoolSettings(
    int workersPerNode,
    String workerRole,
    Routing routing,
    boolean preferLocal,
    int virtualNodes,
    int capacity,
    int nodeCapacity,
    int maxAttempts,
    int maxRedispatches,
    Duration unreachableTimeout,
    Duration jobTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    double randomFactor,
    Duration drainTimeout) {

  static final String PREFIX = "tandem.cluster-pool.";

  /** Validates every field; see the class comment. */
  public ClusterPoolSettings {
    Objects.requireNonNull(workerRole, PREFIX + "worker-role");
    Objects.requireNonNull(routing, PREFIX + "routing");
    Objects.requireNonNull(unreachableTimeout, PREFIX + "unreachable-timeout");
    Objects.requireNonNull(jobTimeout, PREFIX + "job-timeout");
    Objects.requireNonNull(minBackoff, PREFIX + "restart.min-backoff");
    Objects.requireNonNull(maxBackoff, PREFIX + "restart.max-backoff");
    Objects.requireNonNull(drainTimeout, PREFIX + "drain-timeout");
    atLeast("workers-per-node", workersPerNode, 0);
    atLeast("consistent-hash-virtual-nodes", virtualNodes, 1);
    atLeast("capacity", capacity, 1);
    atLeast("node-capacity", nodeCapacity, 1);
    atLeast("max-attempts", maxAttempts, 1);
    atLeast("max-redispatches", maxRedispatches, 0);
    if (preferLocal && routing == Routing.CONSISTENT_HASH) {
      throw new IllegalArgumentException(PREFIX + "prefer-local = on cannot be combined with " + PREFIX
          + "routing = consistent-hash: a key must map to the same node from every node");
    }
    positive("unreachable-timeout", unreachableTimeout);
    positive("job-timeout", jobTimeout);
    if (unreachableTimeout.compareTo(jobTimeout) >= 0) {
      throw new IllegalArgumentException(PREFIX + "unreachable-timeout (" + unreachableTimeout
          + ") must be shorter than " + PREFIX + "job-timeout (" + jobTimeout
          + "), or jobs on an unreachable node could never be re-dispatched before their deadline");
    }
    positive("restart.min-backoff", minBackoff);
    positive("restart.max-backoff", maxBackoff);
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(PREFIX + "restart.max-backoff (" + maxBackoff
          + ") must not be shorter than " + PREFIX + "restart.min-backoff (" + minBackoff + ")");
    }
    if (!(randomFactor >= 0.0 && randomFactor <= 1.0)) {
      throw new IllegalArgumentException(
          PREFIX + "restart.random-factor must lie within [0, 1] (was " + randomFactor + ")");
    }
    positive("drain-timeout", drainTimeout);
  }

  /**
   * Reads {@code tandem.cluster-pool} from a full configuration (tandem-cluster's reference.conf
   * supplies the defaults).
   *
   * @throws IllegalArgumentException naming the key of a missing, mistyped or invalid value
   */
  public static ClusterPoolSettings create(Config config) {
    Config c = config.withFallback(ConfigFactory.defaultReference()).getConfig("tandem.cluster-pool");
    try {
      return new ClusterPoolSettings(
          c.getInt("workers-per-node"),
          c.getString("worker-role"),
          routing(c.getString("routing")),
          c.getBoolean("prefer-local"),
          c.getInt("consistent-hash-virtual-nodes"),
          c.getInt("capacity"),
          c.getInt("node-capacity"),
          c.getInt("max-attempts"),
          c.getInt("max-redispatches"),
          c.getDuration("unreachable-timeout"),
          c.getDuration("job-timeout"),
          c.getDuration("restart.min-backoff"),
          c.getDuration("restart.max-backoff"),
          c.getDouble("restart.random-factor"),
          c.getDuration("drain-timeout"));
    } catch (com.typesafe.config.ConfigException e) {
      // The config library names the path relative to the sub-tree; say the full key.
      throw new IllegalArgumentException("invalid setting under tandem.cluster-pool: " + e.getMessage(), e);
    }
  }

  /** Reads {@code tandem.cluster-pool} from the system's configuration. */
  public static ClusterPoolSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  /** The defaults of reference.conf. */
  public static ClusterPoolSettings defaults() {
    return create(ConfigFactory.empty());
  }

  private static Routing routing(String name) {
    for (Routing r : Routing.values()) {
      if (r.configName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(PREFIX + "routing must be one of round-robin, random, least-loaded,"
        + " consistent-hash (was '" + name + "')");
  }

  public ClusterPoolSettings withWorkersPerNode(int workersPerNode) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withWorkerRole(String workerRole) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withRouting(Routing routing) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withPreferLocal(boolean preferLocal) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withVirtualNodes(int virtualNodes) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withCapacity(int capacity) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withNodeCapacity(int nodeCapacity) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withMaxAttempts(int maxAttempts) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withMaxRedispatches(int maxRedispatches) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  /** Both deadlines at once, since unreachableTimeout must stay shorter than jobTimeout. */
  public ClusterPoolSettings withTimeouts(Duration unreachableTimeout, Duration jobTimeout) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withBackoff(Duration minBackoff, Duration maxBackoff, double randomFactor) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  public ClusterPoolSettings withDrainTimeout(Duration drainTimeout) {
    return new ClusterPoolSettings(workersPerNode, workerRole, routing, preferLocal, virtualNodes, capacity,
        nodeCapacity, maxAttempts, maxRedispatches, unreachableTimeout, jobTimeout, minBackoff, maxBackoff,
        randomFactor, drainTimeout);
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(PREFIX + key + " must be at least " + min + " (was " + value + ")");
    }
  }

  private static void positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(PREFIX + key + " must be positive (was " + value + ")");
    }
  }
}
