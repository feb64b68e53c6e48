package dev.tandem.samples.ledger;

import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a load run read from its history: transfers by final outcome (a transfer's attempts
 * share its id: acknowledged if any attempt was, failed if one certainly failed, unknown otherwise),
 * the failed ones by reason (the desk's reason up to its first colon: {@code declined}, {@code
 * refused}, {@code rejected}, {@code scoring}, ...), and the longest stretch without an
 * acknowledgement after the load started.
 */
record LoadFigures(int transfers, int acknowledged, int failed, int unknown, Map<String, Integer> failedBy,
    int attempts, long longestGapMs) {

  static LoadFigures of(History history, long loadStarted) {
    Map<String, Operation.Type> outcome = new HashMap<>();
    Map<String, String> failedWhy = new HashMap<>();
    List<Long> acks = new ArrayList<>();
    int attempts = 0;
    for (History.Call call : history.calls()) {
      attempts++;
      Operation.Type type = call.outcome();
      outcome.merge(call.invoke().key(), type, LoadFigures::stronger);
      if (type == Operation.Type.OK) {
        acks.add(call.completion().orElseThrow().nanos());
      } else if (type == Operation.Type.FAIL) {
        String why = call.completion().orElseThrow().error();
        failedWhy.put(call.invoke().key(), why.contains(":") ? why.substring(0, why.indexOf(':')) : why);
      }
    }
    Map<String, Integer> failedBy = new TreeMap<>();
    outcome.forEach((key, type) -> {
      if (type == Operation.Type.FAIL) {
        failedBy.merge(failedWhy.get(key), 1, Integer::sum);
      }
    });
    int ok = 0;
    int failed = 0;
    int unknown = 0;
    for (Operation.Type type : outcome.values()) {
      switch (type) {
        case OK -> ok++;
        case FAIL -> failed++;
        default -> unknown++;
      }
    }
    acks.sort(Long::compare);
    long gap = 0;
    long previous = loadStarted;
    for (long at : acks) {
      gap = Math.max(gap, at - previous);
      previous = at;
    }
    return new LoadFigures(outcome.size(), ok, failed, unknown, Map.copyOf(failedBy), attempts, gap / 1_000_000);
  }

  private static Operation.Type stronger(Operation.Type a, Operation.Type b) {
    if (a == Operation.Type.OK || b == Operation.Type.OK) {
      return Operation.Type.OK;
    }
    if (a == Operation.Type.FAIL || b == Operation.Type.FAIL) {
      return Operation.Type.FAIL;
    }
    return Operation.Type.UNKNOWN;
  }
}
