package dev.tandem.testkit.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every acknowledged write is in the final state, and that the state holds nothing a
 * client was told did not happen, or that no client wrote.
 *
 * <p>Writes are grouped by key, so a client's retries of one command count as one write: the key
 * is acknowledged if any attempt was OK, failed if every attempt failed, and unknown otherwise.
 * Violations:
 *
 * <ul>
 *   <li>{@code lost-write}: acknowledged, but not in the final state;
 *   <li>{@code failed-write-applied}: every attempt reported FAIL, yet the write is in the state
 *       (the client was told it did not happen and may do it again);
 *   <li>{@code unexpected-write}: in the state, but no client ever invoked it.
 * </ul>
 *
 * Unknown writes may be present or absent.
 */
public final class NoLostWrites {

  private NoLostWrites() {}

  /**
   * @param history what the clients did
   * @param finalState the keys of the writes present in the system's state at the end (e.g. the
   *     command ids of all events in the journal)
   */
  public static CheckResult check(History history, Collection<String> finalState) {
    Set<String> present = new HashSet<>(finalState);
    Map<String, List<History.Call>> byKey = history.writesByKey();
    List<Violation> violations = new ArrayList<>();
    int acknowledged = 0;
    int unknown = 0;
    for (Map.Entry<String, List<History.Call>> entry : byKey.entrySet()) {
      String key = entry.getKey();
      Operation.Type outcome = Outcomes.of(entry.getValue());
      if (outcome == Operation.Type.OK) {
        acknowledged++;
        if (!present.contains(key)) {
          violations.add(new Violation("lost-write",
              "write " + key + " was acknowledged but is not in the final state",
              Outcomes.entries(entry.getValue()), List.of()));
        }
      } else if (outcome == Operation.Type.FAIL) {
        if (present.contains(key)) {
          violations.add(new Violation("failed-write-applied",
              "write " + key + " was reported as failed but is in the final state",
              Outcomes.entries(entry.getValue()), List.of()));
        }
      } else {
        unknown++;
      }
    }
    for (String key : new LinkedHashSet<>(finalState)) {
      if (!byKey.containsKey(key)) {
        violations.add(new Violation("unexpected-write",
            "key " + key + " is in the final state but no client invoked a write with it", List.of(), List.of()));
      }
    }
    String summary = byKey.size() + " distinct writes: " + acknowledged + " acknowledged, " + unknown
        + " unknown; final state holds " + present.size() + " keys";
    return new CheckResult("no lost writes", summary, violations);
  }
}
