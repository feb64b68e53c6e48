package dev.tandem.testkit.history;

import java.util.Objects;

/**
 * One entry of a {@link History}: a client invoking an operation, or that invocation's outcome.
 *
 * <p>The model is Jepsen's. A <em>process</em> is a single-threaded logical client: it has at most
 * one operation outstanding, so each {@link Type#INVOKE} is followed (later, after other processes'
 * entries) by at most one completion of the same process. A completion is {@link Type#OK} (it
 * happened), {@link Type#FAIL} (it certainly did not happen) or {@link Type#UNKNOWN} (it may or may
 * not have happened, e.g. a timeout). An invocation with no completion at the end of the history
 * counts as unknown.
 *
 * <p>A <em>write</em> is an operation with a non-empty {@code key}: the identity under which the
 * write appears in the system's state (a command id, a transfer id). Checkers match keys against
 * the state the test observed at the end. Reads and other operations leave the key empty.
 *
 * @param index position in the history, from 0, in recording order
 * @param process the logical client, e.g. {@code "node-2/client-3"}
 * @param type invocation or outcome
 * @param function what the client did, e.g. {@code "transfer"} or {@code "read"}
 * @param key the write's identity, or {@code ""} for operations that write nothing
 * @param value a number the operation carries: the amount added, or the value a read returned
 * @param nanos {@link System#nanoTime()} when recorded; on Linux this is the system-wide monotonic
 *     clock, so JVMs on one machine produce comparable values
 * @param error why a FAIL or UNKNOWN happened, {@code ""} otherwise
 */
public record Operation(
    long index, String process, Type type, String function, String key, long value, long nanos, String error) {

  /** Whether an entry is an invocation or one of its three possible outcomes. */
  public enum Type {
    /** The client is about to perform the operation. */
    INVOKE,
    /** The operation happened. */
    OK,
    /** The operation certainly did not happen. */
    FAIL,
    /** The client cannot tell whether the operation happened (timeout, connection lost). */
    UNKNOWN
  }

  public Operation {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(error, "error");
    if (process.isEmpty()) {
      throw new IllegalArgumentException("an operation needs a non-empty process id");
    }
  }

  /** True for an operation that writes, i.e. has a non-empty {@link #key()}. */
  public boolean isWrite() {
    return !key.isEmpty();
  }

  Operation withIndex(long newIndex) {
    return new Operation(newIndex, process, type, function, key, value, nanos, error);
  }

  /** A compact one-line form for reports, e.g. {@code #12 c1 OK transfer key=tx-7 value=5}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append('#').append(index).append(' ').append(process).append(' ')
        .append(type).append(' ').append(function);
    if (!key.isEmpty()) {
      b.append(" key=").append(key);
    }
    b.append(" value=").append(value);
    if (!error.isEmpty()) {
      b.append(" error=").append(error);
    }
    return b.toString();
  }
}
