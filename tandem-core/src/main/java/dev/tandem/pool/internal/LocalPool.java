package dev.tandem.pool.internal;

import dev.tandem.pool.DrainReport;
import dev.tandem.pool.MessageQuarantined;
import dev.tandem.pool.Pool;
import dev.tandem.pool.PoolCounters;
import dev.tandem.pool.PoolEvent;
import dev.tandem.pool.PoolFailure;
import dev.tandem.pool.PoolOverloaded;
import dev.tandem.pool.PoolSettings;
import dev.tandem.pool.PoolSpec;
import dev.tandem.pool.PoolStopped;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.InvalidActorNameException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool behind {@link Pool}: routing on the caller's thread, admission against the capacity,
 * and the bookkeeping that workers report into directly from their own threads. See decision
 * record 010 for why it is an object and not a router actor.
 *
 * <p>Counting: {@code admitted} counts accepted messages; a message finishes exactly once, by
 * completing (per-slot counter, written by its worker), being quarantined or being abandoned at
 * the drain timeout. In flight = admitted - finished. Re-dispatch and moves change neither.
 */
public final class LocalPool<T> implements Pool<T> {

  private static final Logger log = LoggerFactory.getLogger(Pool.class);

  private static final int RUNNING = 0;
  private static final int DRAINING = 1;
  private static final int ABANDONED = 2;
  private static final int STOPPED = 3;

  private final ActorSystem<?> system;
  private final String name;
  private final PoolSpec<T> spec;
  private final PoolSettings settings;
  private final RoutingLogic routing;
  private final Admission admission;
  private final Notifier<T> notifier;

  private volatile Topology topology;
  /** Every slot ever started, retired ones included, so their completions still count. */
  private volatile Slot[] everySlot = new Slot[0];
  private volatile int state = RUNNING;
  private final Object lifecycle = new Object();
  private int nextSlotId;

  private final AtomicLong quarantined = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final AtomicLong redispatched = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  private final LongAdder rejected = new LongAdder();

  private final Drain<T> drain = new Drain<>();

  private LocalPool(ActorSystem<?> system, PoolSpec<T> spec) {
    this.system = system;
    this.name = spec.name();
    this.spec = spec;
    this.settings = spec.settings();
    this.routing = RoutingLogic.of(settings.routing(), spec.hashKey());
    this.admission = new Admission(settings.capacity(), this::finishedSum);
    this.notifier = new Notifier<>(name, spec.failureReply(), spec.listeners());
  }

  /** See {@link Pool#start}. */
  public static <T> Pool<T> start(ActorSystem<?> system, PoolSpec<T> spec) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(spec, "spec");
    long began = System.nanoTime();
    LocalPool<T> pool = new LocalPool<>(system, spec);
    synchronized (pool.lifecycle) {
      Slot[] slots = new Slot[pool.settings.size()];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = pool.spawnSlot();
      }
      pool.publish(slots);
    }
    log.info("pool {} started {} workers ({} routing, capacity {}, max-attempts {}) in {} ms",
        pool.name, pool.settings.size(), pool.settings.routing().configName(),
        pool.settings.capacity(), pool.settings.maxAttempts(), millisSince(began));
    return pool;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return topology.slots().length;
  }

  // ---------------------------------------------------------------- sending

  @Override
  public boolean tell(T message) {
    Objects.requireNonNull(message, "message");
    long admittedNow = admission.admit();
    // Checked after the admit, so stop() either sees this message in flight or we see the stop.
    if (state != RUNNING) {
      admission.undo();
      afterFinish();
      refuse(message, new PoolStopped(name));
      return false;
    }
    if (!admission.withinCapacity(admittedNow)) {
      admission.undo();
      refuse(message, new PoolOverloaded(name, settings.capacity()));
      return false;
    }
    dispatch(new Delivery(message, 1), null);
    return true;
  }

  /**
   * Routes a delivery to a live slot other than {@code avoid} (to any slot still running if none
   * is live) and sends it. Returns the slot, or null if the pool was abandoning and the delivery
   * was abandoned instead.
   */
  private Slot dispatch(Delivery delivery, Slot avoid) {
    while (true) {
      Topology current = topology;
      Slot slot = routing.select(current, delivery.message(), avoid);
      if (slot == null) {
        slot = fallback(current, avoid);
      }
      slot.addAssigned();
      // Checked after counting, so a retiring worker either sees this delivery coming and waits
      // for it, or we see it retiring and pick again.
      if (slot.isRetiring()) {
        slot.undoAssigned();
        if (state >= ABANDONED) {
          abandonUnrouted(delivery);
          return null;
        }
        Thread.onSpinWait();
        continue;
      }
      slot.ref().tell(delivery);
      return slot;
    }
  }

  /** No live slot: a restarting one (its restart stash keeps the delivery), preferring not {@code avoid}. */
  private static Slot fallback(Topology topology, Slot avoid) {
    Slot candidate = null;
    for (Slot slot : topology.slots()) {
      if (!slot.isRetiring()) {
        if (slot != avoid) {
          return slot;
        }
        candidate = slot;
      }
    }
    return candidate != null ? candidate : topology.slots()[0];
  }

  /** Called by a worker's gate for a delivery that reached it while it is down or retiring. */
  boolean moveElsewhere(Slot from, Delivery delivery) {
    Slot to = routing.select(topology, delivery.message(), from);
    if (to == null) {
      return false;
    }
    to.addAssigned();
    if (to.isRetiring()) {
      to.undoAssigned();
      return false;
    }
    from.addLeft();
    to.ref().tell(delivery);
    return true;
  }

  private void refuse(T message, PoolFailure reason) {
    log.debug("pool {} refused a message: {}", name, reason.describe());
    notifier.emit(new PoolEvent.Rejected<>(name, message, reason));
    notifier.reply(message, reason);
    rejected.increment();
  }

  // ---------------------------------------------------------------- reports from workers

  /** A worker (on its own thread) threw; {@code delivery} is what it was handling, if pool work. */
  void workerFailed(Slot slot, Delivery delivery, Throwable failure) {
    if (slot.markDown()) {
      slot.downSinceNanos = System.nanoTime();
    }
    String cause = Notifier.describe(failure);
    notifier.emit(new PoolEvent.WorkerFailed<>(name, slot.workerName, cause));
    if (delivery == null) {
      log.warn("pool {}: worker {} failed: {}; it restarts after its backoff", name, slot, cause);
      return;
    }
    slot.addLeft();
    @SuppressWarnings("unchecked")
    T message = (T) delivery.message();
    int attempts = delivery.attempt();
    if (attempts >= settings.maxAttempts()) {
      quarantine(message, attempts, cause);
      return;
    }
    if (state >= ABANDONED) {
      abandonUnrouted(delivery);
      return;
    }
    Slot next = dispatch(new Delivery(message, attempts + 1), slot);
    if (next != null) {
      log.warn("pool {}: worker {} failed on a message (attempt {}/{}): {}; re-dispatched to {}",
          name, slot, attempts, settings.maxAttempts(), cause, next);
      notifier.emit(new PoolEvent.Redispatched<>(name, message, slot.workerName, next.workerName, attempts + 1));
      redispatched.incrementAndGet();
    }
  }

  private void quarantine(T message, int attempts, String cause) {
    MessageQuarantined failure = new MessageQuarantined(name, attempts, cause);
    log.warn(failure.describe());
    notifier.emit(new PoolEvent.Quarantined<>(name, message, failure));
    notifier.reply(message, failure);
    quarantined.incrementAndGet();
    afterFinish();
  }

  /** The worker's behavior started: first start or a restart after a failure. */
  void workerStarted(Slot slot) {
    if (slot.startedOnce) {
      slot.restarts++;
      Duration downtime = Duration.ofNanos(System.nanoTime() - slot.downSinceNanos);
      log.info("pool {}: worker {} restarted after {} ms (restart {})",
          name, slot, downtime.toMillis(), slot.restarts);
      notifier.emit(new PoolEvent.WorkerRestarted<>(name, slot.workerName, slot.restarts, downtime));
      restarts.incrementAndGet();
    }
    slot.startedOnce = true;
    slot.markUp();
  }

  void workerRetired(Slot slot) {
    log.debug("pool {}: worker {} stopped", name, slot);
  }

  /** After a message finished (completed, quarantined, abandoned): the last one ends a drain. */
  void afterFinish() {
    if (state != RUNNING) {
      // Two workers finishing the last two messages must not both miss the other's count.
      VarHandle.fullFence();
      if (state == DRAINING && inFlight() == 0) {
        finishDrain(false);
      }
    }
  }

  boolean abandoning() {
    return state == ABANDONED;
  }

  /** A delivery reached a worker after the drain timeout: answer it instead of handling it. */
  void abandon(Slot slot, Delivery delivery) {
    slot.addLeft();
    abandonUnrouted(delivery);
  }

  private void abandonUnrouted(Delivery delivery) {
    @SuppressWarnings("unchecked")
    T message = (T) delivery.message();
    abandoned.incrementAndGet();
    refuse(message, new PoolStopped(name));
  }

  // ---------------------------------------------------------------- resize and stop

  @Override
  public void resize(int size) {
    if (size < settings.minSize()) {
      throw new IllegalArgumentException("cannot resize pool '" + name + "' to " + size
          + ": below tandem.pool.min-size (" + settings.minSize() + ")");
    }
    if (size > settings.maxSize()) {
      throw new IllegalArgumentException("cannot resize pool '" + name + "' to " + size
          + ": above tandem.pool.max-size (" + settings.maxSize() + ")");
    }
    int from;
    synchronized (lifecycle) {
      if (state != RUNNING) {
        throw new IllegalStateException("pool '" + name + "' is stopping or stopped; cannot resize");
      }
      Slot[] current = topology.slots();
      from = current.length;
      if (size == from) {
        return;
      }
      if (size > from) {
        Slot[] grown = Arrays.copyOf(current, size);
        for (int i = from; i < size; i++) {
          grown[i] = spawnSlot();
        }
        publish(grown);
      } else {
        publish(Arrays.copyOf(current, size));
        for (int i = size; i < from; i++) {
          retire(current[i]);
        }
      }
    }
    log.info("pool {} resized from {} to {} workers", name, from, size);
    notifier.emit(new PoolEvent.Resized<>(name, from, size));
  }

  @Override
  public CompletionStage<DrainReport<T>> stop() {
    return stop(settings.drainTimeout());
  }

  @Override
  public CompletionStage<DrainReport<T>> stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    synchronized (lifecycle) {
      if (state != RUNNING) {
        return drain.stage();
      }
      drain.begin(completedSum());
      state = DRAINING;
    }
    log.info("pool {} draining {} messages in flight (timeout {} ms)", name, inFlight(), timeout.toMillis());
    drain.timeout(system.scheduler().scheduleOnce(timeout, () -> finishDrain(true), system.executionContext()));
    afterFinish();
    return drain.stage();
  }

  private void finishDrain(boolean timedOut) {
    if (!drain.claim()) {
      return;
    }
    List<T> inProgress = new ArrayList<>();
    long notStarted = 0;
    Slot[] slots;
    synchronized (lifecycle) {
      state = timedOut ? ABANDONED : STOPPED;
      slots = topology.slots();
    }
    if (timedOut) {
      VarHandle.fullFence();
      for (Slot slot : everySlot) {
        if (slot.current() instanceof Delivery delivery) {
          @SuppressWarnings("unchecked")
          T message = (T) delivery.message();
          inProgress.add(message);
        }
      }
      notStarted = Math.max(0, inFlight() - inProgress.size());
    }
    for (Slot slot : slots) {
      retire(slot);
    }
    DrainReport<T> report = drain.report(name, completedSum(), inProgress, notStarted);
    if (report.complete()) {
      log.info("pool {} drained in {} ms: all {} accepted messages finished",
          name, report.took().toMillis(), counters().dispatched());
    } else {
      log.warn("pool {} drain timed out after {} ms: {} in progress, {} not started (answered with PoolStopped)",
          name, report.took().toMillis(), inProgress.size(), notStarted);
    }
    // Listeners first, so whoever waits on stop() finds them informed.
    notifier.emit(new PoolEvent.Drained<>(name, report));
    drain.complete(report);
  }

  @Override
  public PoolCounters counters() {
    return new PoolCounters(
        admission.admitted(),
        completedSum(),
        redispatched.get(),
        quarantined.get(),
        rejected.sum(),
        restarts.get(),
        inFlight());
  }

  // ---------------------------------------------------------------- internals

  private Slot spawnSlot() {
    int id = nextSlotId++;
    Slot slot = new Slot(id, name + "-" + id);
    try {
      slot.ref(system.systemActorOf(WorkerLayers.of(this, slot, spec.worker(), settings), "tandem-pool-" + name + "-" + id, Props.empty()));
    } catch (InvalidActorNameException e) {
      throw new IllegalArgumentException("a pool named '" + name + "' is already running in this system", e);
    }
    Slot[] all = Arrays.copyOf(everySlot, everySlot.length + 1);
    all[all.length - 1] = slot;
    everySlot = all;
    return slot;
  }

  private void publish(Slot[] slots) {
    topology = Topology.of(slots, settings.virtualNodes());
  }

  private void retire(Slot slot) {
    slot.markRetiring();
    slot.ref().tell(Retire.INSTANCE);
  }

  private long completedSum() {
    long sum = 0;
    for (Slot slot : everySlot) {
      sum += slot.completed();
    }
    return sum;
  }

  private long finishedSum() {
    return completedSum() + quarantined.get() + abandoned.get();
  }

  private long inFlight() {
    return admission.admitted() - finishedSum();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
