package dev.tandem.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Everything needed to start a pool: a name, the worker behavior, settings, and optionally a hash
 * key, a failure reply and listeners. Immutable; each {@code withX} returns a copy.
 *
 * <p>The worker behavior is an ordinary Pekko behavior. Each worker runs its own copy; after a
 * failure the worker restarts from this behavior again (a {@code Behaviors.setup} factory runs
 * anew), as with Pekko's restart supervision.
 */
public final class PoolSpec<T> {

  private final String name;
  private final Behavior<T> worker;
  private final PoolSettings settings;
  private final Optional<Function<? super T, ?>> hashKey;
  private final FailureReply<T> failureReply;
  private final List<PoolListener<T>> listeners;

  private PoolSpec(
      String name,
      Behavior<T> worker,
      PoolSettings settings,
      Optional<Function<? super T, ?>> hashKey,
      FailureReply<T> failureReply,
      List<PoolListener<T>> listeners) {
    this.name = name;
    this.worker = worker;
    this.settings = settings;
    this.hashKey = hashKey;
    this.failureReply = failureReply;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * A spec with no hash key, no failure reply and no listeners.
   *
   * @param name unique among the pools of one ActorSystem; letters, digits and {@code -_} only,
   *     since it names the worker actors
   * @throws IllegalArgumentException if the name is empty or has other characters
   */
  public static <T> PoolSpec<T> of(String name, Behavior<T> worker, PoolSettings settings) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "pool name must be non-empty and use only letters, digits, '-' and '_' (was '" + name + "')");
    }
    return new PoolSpec<>(
        name,
        Objects.requireNonNull(worker, "worker"),
        Objects.requireNonNull(settings, "settings"),
        Optional.empty(),
        FailureReply.none(),
        List.of());
  }

  /** The key consistent-hash routing hashes ({@code hashCode}) to pick a worker. */
  public PoolSpec<T> withHashKey(Function<? super T, ?> key) {
    return new PoolSpec<>(name, worker, settings, Optional.of(Objects.requireNonNull(key, "key")),
        failureReply, listeners);
  }

  /** How the sender of a message learns that the pool gave up on it. */
  public PoolSpec<T> withFailureReply(FailureReply<T> reply) {
    return new PoolSpec<>(name, worker, settings, hashKey, Objects.requireNonNull(reply, "reply"),
        listeners);
  }

  /** Adds a listener for the pool's events. */
  public PoolSpec<T> withListener(PoolListener<T> listener) {
    List<PoolListener<T>> more = new ArrayList<>(listeners);
    more.add(Objects.requireNonNull(listener, "listener"));
    return new PoolSpec<>(name, worker, settings, hashKey, failureReply, more);
  }

  public PoolSpec<T> withSettings(PoolSettings settings) {
    return new PoolSpec<>(name, worker, Objects.requireNonNull(settings, "settings"), hashKey,
        failureReply, listeners);
  }

  public String name() {
    return name;
  }

  public Behavior<T> worker() {
    return worker;
  }

  public PoolSettings settings() {
    return settings;
  }

  public Optional<Function<? super T, ?>> hashKey() {
    return hashKey;
  }

  public FailureReply<T> failureReply() {
    return failureReply;
  }

  public List<PoolListener<T>> listeners() {
    return listeners;
  }
}
