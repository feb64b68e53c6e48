package dev.tandem.testkit.history;

import java.util.ArrayList;
import java.util.List;

/** How the attempts at one write key add up; shared by the write checkers. */
final class Outcomes {

  private Outcomes() {}

  /** OK if any attempt was OK, FAIL if all failed, UNKNOWN otherwise. */
  static Operation.Type of(List<History.Call> attempts) {
    boolean allFailed = true;
    for (History.Call call : attempts) {
      Operation.Type outcome = call.outcome();
      if (outcome == Operation.Type.OK) {
        return Operation.Type.OK;
      }
      allFailed &= outcome == Operation.Type.FAIL;
    }
    return allFailed ? Operation.Type.FAIL : Operation.Type.UNKNOWN;
  }

  /** The invocations and completions of the attempts, in history order. */
  static List<Operation> entries(List<History.Call> attempts) {
    List<Operation> entries = new ArrayList<>();
    for (History.Call call : attempts) {
      entries.add(call.invoke());
      call.completion().ifPresent(entries::add);
    }
    entries.sort((a, b) -> Long.compare(a.index(), b.index()));
    return entries;
  }
}
