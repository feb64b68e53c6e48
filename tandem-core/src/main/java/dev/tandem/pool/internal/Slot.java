package dev.tandem.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One worker's place in the pool: its actor, whether it takes traffic, and its counters. The
 * actor stays the same for the slot's whole life; a restart replaces the behavior inside it, not
 * the actor, so nothing routed to it is lost.
 */
final class Slot extends SlotCounters {

  /** Takes traffic. */
  static final int UP = 0;
  /** Failed and waiting to restart: skipped by routing; what reaches it moves on. */
  static final int DOWN = 1;
  /** Being removed (resize or stop): skipped by routing; stops once nothing is on its way. */
  static final int RETIRING = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final int id;
  final String workerName;
  private volatile int state = UP;
  private volatile ActorRef<Object> ref;
  /** Restart bookkeeping, touched only by the worker's own thread. */
  boolean startedOnce;
  long downSinceNanos = System.nanoTime();
  long restarts;

  Slot(int id, String workerName) {
    this.id = id;
    this.workerName = workerName;
  }

  ActorRef<Object> ref() {
    return ref;
  }

  void ref(ActorRef<Object> ref) {
    this.ref = ref;
  }

  boolean isUp() {
    return state == UP;
  }

  boolean isRetiring() {
    return state == RETIRING;
  }

  /** From DOWN to UP; a retiring slot stays retiring. */
  boolean markUp() {
    return STATE.compareAndSet(this, DOWN, UP);
  }

  /** From UP to DOWN; a retiring slot stays retiring. */
  boolean markDown() {
    return STATE.compareAndSet(this, UP, DOWN);
  }

  void markRetiring() {
    state = RETIRING;
  }

  @Override
  public String toString() {
    return workerName;
  }
}
