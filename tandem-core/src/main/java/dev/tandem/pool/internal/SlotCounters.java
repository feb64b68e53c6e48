package dev.tandem.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The counters of a worker slot, laid out so that the field senders write (assigned) and the
 * fields the worker writes (completed, left, current) sit on different cache lines: superclass
 * fields come first in HotSpot's layout, so the padding classes separate them. Without this, a
 * sender and a worker would bounce one cache line per message.
 */

abstract class SlotPadStart {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class SlotSenderSide extends SlotPadStart {
  /** Deliveries routed to this slot; written by any sender with an atomic add. */
  volatile long assigned;
}

abstract class SlotPadMiddle extends SlotSenderSide {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class SlotWorkerSide extends SlotPadMiddle {
  /** Deliveries whose handler returned normally; written only by the worker. */
  long completed;
  /** Deliveries that left this slot otherwise (failed, moved, abandoned); written only by the worker. */
  long left;
  /** The delivery being handled, for the drain report; written only by the worker. */
  Object current;
}

abstract class SlotCounters extends SlotWorkerSide {
  long p20, p21, p22, p23, p24, p25, p26, p27;

  private static final VarHandle ASSIGNED;
  private static final VarHandle COMPLETED;
  private static final VarHandle LEFT;
  private static final VarHandle CURRENT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ASSIGNED = lookup.findVarHandle(SlotSenderSide.class, "assigned", long.class);
      COMPLETED = lookup.findVarHandle(SlotWorkerSide.class, "completed", long.class);
      LEFT = lookup.findVarHandle(SlotWorkerSide.class, "left", long.class);
      CURRENT = lookup.findVarHandle(SlotWorkerSide.class, "current", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final void addAssigned() {
    ASSIGNED.getAndAdd(this, 1L);
  }

  final void undoAssigned() {
    ASSIGNED.getAndAdd(this, -1L);
  }

  final long assigned() {
    return assigned;
  }

  /** Worker thread only: single writer, so a release store is enough. */
  final void addCompleted() {
    COMPLETED.setRelease(this, completed + 1);
  }

  final long completed() {
    return (long) COMPLETED.getAcquire(this);
  }

  /** Worker thread only. */
  final void addLeft() {
    LEFT.setRelease(this, left + 1);
  }

  /** Deliveries routed here and not yet finished or moved on. */
  final long load() {
    long finished = (long) COMPLETED.getAcquire(this) + (long) LEFT.getAcquire(this);
    return assigned - finished;
  }

  /** Worker thread only. */
  final void current(Object delivery) {
    CURRENT.setRelease(this, delivery);
  }

  final Object current() {
    return CURRENT.getAcquire(this);
  }
}
