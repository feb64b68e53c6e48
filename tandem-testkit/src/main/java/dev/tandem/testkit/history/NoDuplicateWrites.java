package dev.tandem.testkit.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that no write was applied more than once, the property a deduplicating system promises
 * to clients that retry: every key occurs at most once in the sequence of applied writes.
 *
 * <p>Violation {@code duplicate-write} names the key, the positions where it was applied and the
 * client attempts (often retries after a timeout) that carried it.
 */
public final class NoDuplicateWrites {

  private NoDuplicateWrites() {}

  /**
   * @param history what the clients did (used to name the attempts behind a duplicate)
   * @param applied the keys of the writes the system applied, in order, duplicates included (e.g.
   *     the command id of every event in the journal)
   */
  public static CheckResult check(History history, List<String> applied) {
    Map<String, List<Integer>> positions = new LinkedHashMap<>();
    for (int i = 0; i < applied.size(); i++) {
      positions.computeIfAbsent(applied.get(i), k -> new ArrayList<>()).add(i);
    }
    Map<String, List<History.Call>> byKey = history.writesByKey();
    List<Violation> violations = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> entry : positions.entrySet()) {
      if (entry.getValue().size() > 1) {
        List<History.Call> attempts = byKey.getOrDefault(entry.getKey(), List.of());
        violations.add(new Violation("duplicate-write",
            "write " + entry.getKey() + " was applied " + entry.getValue().size() + " times (positions "
                + entry.getValue() + "), from " + attempts.size() + " client attempt(s)",
            Outcomes.entries(attempts), List.of()));
      }
    }
    String summary = applied.size() + " applied writes, " + positions.size() + " distinct keys";
    return new CheckResult("no duplicate writes", summary, violations);
  }
}
