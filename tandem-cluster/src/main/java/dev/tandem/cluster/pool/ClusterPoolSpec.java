package dev.tandem.cluster.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Everything needed to start a cluster pool on a node: a name, the worker behavior, settings, and
 * optionally a hash key, which jobs are at-most-once, a failure reply and listeners. Immutable;
 * each {@code withX} returns a copy. Every node of the pool builds the same spec (same name, same
 * key function, same at-most-once rule): the name finds the other nodes' workers.
 *
 * <p>The worker behavior is an ordinary Pekko behavior; each worker runs its own copy and restarts
 * from it after a failure. Jobs (and the replies workers send) cross the network, so their classes
 * must have a serializer: bind them to {@code jackson-cbor} in {@code pekko.actor.serialization-bindings}.
 */
public final class ClusterPoolSpec<T> {

  private final String name;
  private final Behavior<T> worker;
  private final ClusterPoolSettings settings;
  private final Optional<Function<? super T, String>> hashKey;
  private final Predicate<? super T> atMostOnce;
  private final ClusterFailureReply<T> failureReply;
  private final List<ClusterPoolListener<T>> listeners;

  private ClusterPoolSpec(
      String name,
      Behavior<T> worker,
      ClusterPoolSettings settings,
      Optional<Function<? super T, String>> hashKey,
      Predicate<? super T> atMostOnce,
      ClusterFailureReply<T> failureReply,
      List<ClusterPoolListener<T>> listeners) {
    this.name = name;
    this.worker = worker;
    this.settings = settings;
    this.hashKey = hashKey;
    this.atMostOnce = atMostOnce;
    this.failureReply = failureReply;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * A spec whose jobs are all idempotent (at-least-once), with no hash key, failure reply or
   * listeners.
   *
   * @param name the pool's name in the cluster: letters, digits, {@code -} and {@code _}
   * @throws IllegalArgumentException if the name is empty or has other characters
   */
  public static <T> ClusterPoolSpec<T> of(String name, Behavior<T> worker, ClusterPoolSettings settings) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "cluster pool name must be non-empty and use only letters, digits, '-' and '_' (was '" + name + "')");
    }
    return new ClusterPoolSpec<>(name, Objects.requireNonNull(worker, "worker"),
        Objects.requireNonNull(settings, "settings"), Optional.empty(), job -> false, ClusterFailureReply.none(),
        List.of());
  }

  /**
   * The key consistent-hash routing places on the ring. It is a String so that every node (every
   * JVM) maps it to the same place; build it from the job's identity, e.g. {@code Score::accountId}.
   */
  public ClusterPoolSpec<T> withHashKey(Function<? super T, String> key) {
    return new ClusterPoolSpec<>(name, worker, settings, Optional.of(Objects.requireNonNull(key, "key")), atMostOnce,
        failureReply, listeners);
  }

  /**
   * Marks the jobs for which {@code which} is true as idempotent-unsafe: they run at most once,
   * even across node loss and partitions. The price: one extra round trip before each such job
   * starts, no retry after a worker failure, and {@link JobOutcomeUnknown} instead of a re-dispatch
   * when a node that was cleared to run one is lost. Other jobs run at least once.
   */
  public ClusterPoolSpec<T> withAtMostOnce(Predicate<? super T> which) {
    return new ClusterPoolSpec<>(name, worker, settings, hashKey, Objects.requireNonNull(which, "which"),
        failureReply, listeners);
  }

  /** How the sender of a {@code tell} learns that the pool gave up on its job. */
  public ClusterPoolSpec<T> withFailureReply(ClusterFailureReply<T> reply) {
    return new ClusterPoolSpec<>(name, worker, settings, hashKey, atMostOnce, Objects.requireNonNull(reply, "reply"),
        listeners);
  }

  /** Adds a listener for the pool's events on this node. */
  public ClusterPoolSpec<T> withListener(ClusterPoolListener<T> listener) {
    List<ClusterPoolListener<T>> more = new ArrayList<>(listeners);
    more.add(Objects.requireNonNull(listener, "listener"));
    return new ClusterPoolSpec<>(name, worker, settings, hashKey, atMostOnce, failureReply, more);
  }

  public ClusterPoolSpec<T> withSettings(ClusterPoolSettings settings) {
    return new ClusterPoolSpec<>(name, worker, Objects.requireNonNull(settings, "settings"), hashKey, atMostOnce,
        failureReply, listeners);
  }

  public String name() {
    return name;
  }

  public Behavior<T> worker() {
    return worker;
  }

  public ClusterPoolSettings settings() {
    return settings;
  }

  public Optional<Function<? super T, String>> hashKey() {
    return hashKey;
  }

  public Predicate<? super T> atMostOnce() {
    return atMostOnce;
  }

  public ClusterFailureReply<T> failureReply() {
    return failureReply;
  }

  public List<ClusterPoolListener<T>> listeners() {
    return listeners;
  }
}
