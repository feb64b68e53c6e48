package dev.tandem.pool;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The settings of one pool, read once from {@code tandem.pool} (see reference.conf for what each
 * key means) and immutable afterwards. Every constructor path validates: a bad value fails at once
 * with an {@link IllegalArgumentException} whose message names the configuration key.
 *
 * @param size workers at start ({@code tandem.pool.size}), within [minSize, maxSize]
 * @param minSize lower bound for {@link Pool#resize} ({@code tandem.pool.min-size}), at least 1
 * @param maxSize upper bound for {@link Pool#resize} ({@code tandem.pool.max-size})
 * @param routing how a message picks its worker ({@code tandem.pool.routing})
 * @param virtualNodes ring points per worker for consistent hashing
 *     ({@code tandem.pool.consistent-hash-virtual-nodes}), at least 1
 * @param capacity most messages queued plus in progress across the pool ({@code
 *     tandem.pool.capacity}), at least 1
 * @param maxAttempts workers that may fail on one message before it is quarantined ({@code
 *     tandem.pool.max-attempts}), at least 1
 * @param minBackoff first restart delay of a failed worker ({@code
 *     tandem.pool.restart.min-backoff}), positive
 * @param maxBackoff longest restart delay ({@code tandem.pool.restart.max-backoff}), at least
 *     minBackoff
 * @param randomFactor random stretch of each delay ({@code tandem.pool.restart.random-factor}),
 *     within [0, 1]
 * @param drainTimeout default time {@link Pool#stop()} waits for accepted work ({@code
 *     tandem.pool.drain-timeout}), positive
 */
public record PoolSettings(
    int size,
    int minSize,
    int maxSize,
    Routing routing,
    int virtualNodes,
    int capacity,
    int maxAttempts,
    Duration minBackoff,
    Duration maxBackoff,
    double randomFactor,
    Duration drainTimeout) {

  private static final String PREFIX = "tandem.pool.";

  /** Validates every field; see the class comment. */
  public PoolSettings {
    Objects.requireNonNull(routing, PREFIX + "routing");
    Objects.requireNonNull(minBackoff, PREFIX + "restart.min-backoff");
    Objects.requireNonNull(maxBackoff, PREFIX + "restart.max-backoff");
    Objects.requireNonNull(drainTimeout, PREFIX + "drain-timeout");
    atLeastOne("size", size);
    atLeastOne("min-size", minSize);
    atLeastOne("max-size", maxSize);
    if (minSize > maxSize) {
      throw new IllegalArgumentException(
          PREFIX + "min-size (" + minSize + ") must not exceed " + PREFIX + "max-size (" + maxSize + ")");
    }
    if (size < minSize || size > maxSize) {
      throw new IllegalArgumentException(
          PREFIX + "size (" + size + ") must lie within " + PREFIX + "min-size (" + minSize + ") and "
              + PREFIX + "max-size (" + maxSize + ")");
    }
    atLeastOne("consistent-hash-virtual-nodes", virtualNodes);
    atLeastOne("capacity", capacity);
    atLeastOne("max-attempts", maxAttempts);
    positive("restart.min-backoff", minBackoff);
    positive("restart.max-backoff", maxBackoff);
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          PREFIX + "restart.max-backoff (" + maxBackoff + ") must not be shorter than " + PREFIX
              + "restart.min-backoff (" + minBackoff + ")");
    }
    if (!(randomFactor >= 0.0 && randomFactor <= 1.0)) {
      throw new IllegalArgumentException(
          PREFIX + "restart.random-factor must lie within [0, 1] (was " + randomFactor + ")");
    }
    positive("drain-timeout", drainTimeout);
  }

  /** Reads {@code tandem.pool} from a full configuration (Tandem's reference.conf supplies defaults). */
  public static PoolSettings create(Config config) {
    Config c = config.withFallback(ConfigFactory.defaultReference()).getConfig("tandem.pool");
    return new PoolSettings(
        c.getInt("size"),
        c.getInt("min-size"),
        c.getInt("max-size"),
        Routing.fromConfigName(c.getString("routing")),
        c.getInt("consistent-hash-virtual-nodes"),
        c.getInt("capacity"),
        c.getInt("max-attempts"),
        c.getDuration("restart.min-backoff"),
        c.getDuration("restart.max-backoff"),
        c.getDouble("restart.random-factor"),
        c.getDuration("drain-timeout"));
  }

  /** Reads {@code tandem.pool} from the system's configuration. */
  public static PoolSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  /** The defaults of reference.conf. */
  public static PoolSettings defaults() {
    return create(ConfigFactory.empty());
  }

  public PoolSettings withSize(int size) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  public PoolSettings withMinSize(int minSize) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  public PoolSettings withMaxSize(int maxSize) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  public PoolSettings withRouting(Routing routing) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  public PoolSettings withVirtualNodes(int virtualNodes) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  public PoolSettings withCapacity(int capacity) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  public PoolSettings withMaxAttempts(int maxAttempts) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  public PoolSettings withBackoff(Duration minBackoff, Duration maxBackoff, double randomFactor) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  public PoolSettings withDrainTimeout(Duration drainTimeout) {
    return new PoolSettings(size, minSize, maxSize, routing, virtualNodes, capacity, maxAttempts,
        minBackoff, maxBackoff, randomFactor, drainTimeout);
  }

  private static void atLeastOne(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(PREFIX + key + " must be at least 1 (was " + value + ")");
    }
  }

  private static void positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(PREFIX + key + " must be positive (was " + value + ")");
    }
  }
}
