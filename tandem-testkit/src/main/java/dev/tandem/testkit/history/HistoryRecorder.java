package dev.tandem.testkit.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records a {@link History} as clients work; safe to use from many threads at once.
 *
 * <pre>{@code
 * HistoryRecorder recorder = HistoryRecorder.create();
 * Invocation call = recorder.invoke("c1", "transfer", "tx-1", 5);
 * try {
 *   ledger.transfer(...);            // the real client call
 *   call.ok();
 * } catch (TimeoutException e) {
 *   call.unknown("timeout");         // may or may not have happened
 * } catch (Rejected e) {
 *   call.fail("rejected");           // certainly did not happen
 * }
 * History history = recorder.history();
 * }</pre>
 *
 * <p>Entries are numbered in the order they are recorded and stamped with {@link
 * System#nanoTime()} under the same lock, so index order and time order agree within one recorder.
 * A process may have only one invocation open at a time; invoking again before completing is a
 * bug in the client and throws {@link IllegalStateException}.
 */
public final class HistoryRecorder {

  private final Object lock = new Object();
  private final List<Operation> operations = new ArrayList<>();
  private final List<WriteRecord> writes = new ArrayList<>();
  private final Map<String, Invocation> open = new HashMap<>();

  private HistoryRecorder() {}

  /** An empty recorder. */
  public static HistoryRecorder create() {
    return new HistoryRecorder();
  }

  /**
   * Records that {@code process} is about to perform {@code function}.
   *
   * @param key the write's identity ({@code ""} for operations that do not write)
   * @param value the number the operation carries (e.g. the amount), 0 if none
   * @return the handle to record the outcome with, exactly once
   * @throws IllegalStateException if the process already has an invocation open
   */
  public Invocation invoke(String process, String function, String key, long value) {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(key, "key");
    synchronized (lock) {
      Invocation pending = open.get(process);
      if (pending != null) {
        throw new IllegalStateException(
            "process " + process + " already has " + pending.operation() + " open: complete it first"
                + " (a process is one single-threaded client)");
      }
      Operation op = append(process, Operation.Type.INVOKE, function, key, value, "");
      Invocation invocation = new Invocation(this, op);
      open.put(process, invocation);
      return invocation;
    }
  }

  /** {@link #invoke(String, String, String, long)} for an operation that writes nothing. */
  public Invocation invoke(String process, String function) {
    return invoke(process, function, "", 0);
  }

  /**
   * Records a writer's own account of a write (see {@link WriteRecord}), stamped now.
   *
   * @param key what was written, {@code ""} if not known
   */
  public void recordWrite(String writer, long epoch, long seqNr, String key) {
    synchronized (lock) {
      writes.add(new WriteRecord(writer, epoch, seqNr, System.nanoTime(), key));
    }
  }

  /** A snapshot of everything recorded so far; open invocations appear without a completion. */
  public History history() {
    synchronized (lock) {
      return new History(operations, writes);
    }
  }

  void complete(Invocation invocation, Operation.Type type, long value, String error) {
    synchronized (lock) {
      if (open.get(invocation.operation().process()) != invocation) {
        throw new IllegalStateException(invocation.operation() + " was already completed");
      }
      open.remove(invocation.operation().process());
      Operation invoke = invocation.operation();
      append(invoke.process(), type, invoke.function(), invoke.key(), value, error);
    }
  }

  private Operation append(String process, Operation.Type type, String function, String key, long value, String error) {
    Operation op = new Operation(operations.size(), process, type, function, key, value, System.nanoTime(), error);
    operations.add(op);
    return op;
  }
}
