package dev.tandem.testkit.history;

import java.util.Objects;

/**
 * An open operation of one process, returned by {@link HistoryRecorder#invoke}. Record its outcome
 * exactly once; a second outcome throws {@link IllegalStateException}. Not completing it at all
 * leaves it unknown in the history, which is the honest record of a client that crashed.
 */
public final class Invocation {

  private final HistoryRecorder recorder;
  private final Operation operation;

  Invocation(HistoryRecorder recorder, Operation operation) {
    this.recorder = recorder;
    this.operation = operation;
  }

  /** The recorded INVOKE entry. */
  public Operation operation() {
    return operation;
  }

  /** The operation happened; the completion carries the invocation's value. */
  public void ok() {
    recorder.complete(this, Operation.Type.OK, operation.value(), "");
  }

  /** The operation happened and produced {@code result} (e.g. the value a read returned). */
  public void ok(long result) {
    recorder.complete(this, Operation.Type.OK, result, "");
  }

  /** The operation certainly did not happen (e.g. rejected before any effect). */
  public void fail(String reason) {
    recorder.complete(this, Operation.Type.FAIL, operation.value(), Objects.requireNonNull(reason, "reason"));
  }

  /** The client cannot tell whether the operation happened (e.g. a timeout). */
  public void unknown(String reason) {
    recorder.complete(this, Operation.Type.UNKNOWN, operation.value(), Objects.requireNonNull(reason, "reason"));
  }
}
