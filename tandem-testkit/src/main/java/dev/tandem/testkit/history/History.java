package dev.tandem.testkit.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable record of what clients did ({@link Operation}s) and what writers wrote ({@link
 * WriteRecord}s) during a test, in recording order. It is a plain record so it can cross from a
 * node to the test JVM as a task result, and histories recorded on several nodes can be {@link
 * #merge merged}.
 *
 * @param operations every invocation and completion, {@link Operation#index()} equal to the
 *     position in this list
 * @param writes every write record, in recording order
 */
public record History(List<Operation> operations, List<WriteRecord> writes) {

  /**
   * Validates the history: indexes match positions, and every process alternates invocation and
   * completion.
   *
   * @throws IllegalArgumentException naming the first entry that breaks a rule
   */
  public History {
    operations = List.copyOf(operations);
    writes = List.copyOf(writes);
    Map<String, Operation> open = new HashMap<>();
    for (int i = 0; i < operations.size(); i++) {
      Operation op = operations.get(i);
      if (op.index() != i) {
        throw new IllegalArgumentException("operation at position " + i + " has index " + op.index());
      }
      Operation pending = open.get(op.process());
      if (op.type() == Operation.Type.INVOKE) {
        if (pending != null) {
          throw new IllegalArgumentException(
              "process " + op.process() + " invoked " + op + " while " + pending + " was still open");
        }
        open.put(op.process(), op);
      } else {
        if (pending == null) {
          throw new IllegalArgumentException("completion " + op + " has no open invocation");
        }
        open.remove(op.process());
      }
    }
  }

  /** A history with nothing in it. */
  public static History empty() {
    return new History(List.of(), List.of());
  }

  /**
   * Combines histories recorded separately (for example one per node) into one ordered by time.
   * Entries with equal timestamps keep their order within their source history.
   *
   * @throws IllegalArgumentException if a process or writer id appears in more than one history:
   *     give each recorder its own ids (e.g. prefix them with the node name)
   */
  public static History merge(List<History> histories) {
    Map<String, Integer> processOwner = new HashMap<>();
    Map<String, Integer> writerOwner = new HashMap<>();
    List<Operation> ops = new ArrayList<>();
    List<WriteRecord> writes = new ArrayList<>();
    for (int h = 0; h < histories.size(); h++) {
      History history = histories.get(h);
      for (Operation op : history.operations()) {
        claim(processOwner, op.process(), h, "process");
        ops.add(op);
      }
      for (WriteRecord w : history.writes()) {
        claim(writerOwner, w.writer(), h, "writer");
        writes.add(w);
      }
    }
    // List.sort is stable, so ties keep each source's own order.
    ops.sort(Comparator.comparingLong(Operation::nanos));
    writes.sort(Comparator.comparingLong(WriteRecord::nanos));
    List<Operation> indexed = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      indexed.add(ops.get(i).withIndex(i));
    }
    return new History(indexed, writes);
  }

  /** {@link #merge(List)} for a few histories. */
  public static History merge(History... histories) {
    return merge(List.of(histories));
  }

  private static void claim(Map<String, Integer> owners, String id, int history, String what) {
    Integer previous = owners.putIfAbsent(id, history);
    if (previous != null && previous != history) {
      throw new IllegalArgumentException(
          what + " id '" + id + "' appears in histories " + previous + " and " + history
              + ": give each recorder distinct ids before merging");
    }
  }

  /**
   * Every invocation paired with its completion, in invocation order. An invocation that never
   * completed has an empty completion and {@link Call#outcome()} {@link Operation.Type#UNKNOWN}.
   */
  public List<Call> calls() {
    Map<String, Integer> open = new HashMap<>();
    List<Operation> invokes = new ArrayList<>();
    List<Operation> completions = new ArrayList<>();
    for (Operation op : operations) {
      if (op.type() == Operation.Type.INVOKE) {
        open.put(op.process(), invokes.size());
        invokes.add(op);
        completions.add(null);
      } else {
        completions.set(open.remove(op.process()), op);
      }
    }
    List<Call> calls = new ArrayList<>(invokes.size());
    for (int i = 0; i < invokes.size(); i++) {
      calls.add(new Call(invokes.get(i), Optional.ofNullable(completions.get(i))));
    }
    return calls;
  }

  /** The write calls grouped by key, in order of each key's first invocation. */
  Map<String, List<Call>> writesByKey() {
    Map<String, List<Call>> byKey = new LinkedHashMap<>();
    for (Call call : calls()) {
      if (call.invoke().isWrite()) {
        byKey.computeIfAbsent(call.invoke().key(), k -> new ArrayList<>()).add(call);
      }
    }
    return byKey;
  }

  /**
   * An invocation and its completion, if any.
   *
   * @param invoke the {@link Operation.Type#INVOKE} entry
   * @param completion its OK, FAIL or UNKNOWN entry; empty if the client never completed it
   */
  public record Call(Operation invoke, Optional<Operation> completion) {
    public Call {
      Objects.requireNonNull(invoke, "invoke");
      Objects.requireNonNull(completion, "completion");
    }

    /** OK, FAIL or UNKNOWN; UNKNOWN also when there is no completion. */
    public Operation.Type outcome() {
      return completion.map(Operation::type).orElse(Operation.Type.UNKNOWN);
    }

    @Override
    public String toString() {
      return invoke + completion.map(c -> " -> " + c.type() + (c.error().isEmpty() ? "" : " (" + c.error() + ")"))
          .orElse(" -> never completed");
    }
  }
}
