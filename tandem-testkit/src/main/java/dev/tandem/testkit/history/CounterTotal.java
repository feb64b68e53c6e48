package dev.tandem.testkit.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that a counter or ledger total matches the acknowledged operations. Each write carries
 * its amount as {@link Operation#value()}; writes are grouped by key so retries count once.
 *
 * <p>The observed total must lie between the sum of the acknowledged amounts plus the negative
 * unknown ones and the sum of the acknowledged amounts plus the positive unknown ones (an unknown
 * write may or may not have happened; a failed one must not have). Violations:
 * {@code total-too-low} (acknowledged amounts are missing) and {@code total-too-high} (more was
 * applied than clients could have caused), each listing the unknown writes that widened the range.
 */
public final class CounterTotal {

  private CounterTotal() {}

  /**
   * @param history what the clients did
   * @param initial the total before the clients started
   * @param observed the total the test read from the system at the end
   */
  public static CheckResult check(History history, long initial, long observed) {
    long acknowledged = 0;
    long unknownDown = 0;
    long unknownUp = 0;
    int acknowledgedCount = 0;
    List<Operation> unknownEntries = new ArrayList<>();
    for (Map.Entry<String, List<History.Call>> entry : history.writesByKey().entrySet()) {
      List<History.Call> attempts = entry.getValue();
      long amount = attempts.get(0).invoke().value();
      switch (Outcomes.of(attempts)) {
        case OK -> {
          acknowledged += amount;
          acknowledgedCount++;
        }
        case UNKNOWN -> {
          if (amount < 0) {
            unknownDown += amount;
          } else {
            unknownUp += amount;
          }
          unknownEntries.addAll(Outcomes.entries(attempts));
        }
        default -> { }
      }
    }
    long low = initial + acknowledged + unknownDown;
    long high = initial + acknowledged + unknownUp;
    List<Violation> violations = new ArrayList<>();
    String range = "expected a total in [" + low + ", " + high + "] (initial " + initial + ", "
        + acknowledgedCount + " acknowledged writes adding " + acknowledged + ", unknown writes adding "
        + unknownDown + ".." + unknownUp + ")";
    if (observed < low) {
      violations.add(new Violation("total-too-low",
          "observed total " + observed + " is " + (low - observed) + " below the lowest possible: " + range,
          unknownEntries, List.of()));
    } else if (observed > high) {
      violations.add(new Violation("total-too-high",
          "observed total " + observed + " is " + (observed - high) + " above the highest possible: " + range,
          unknownEntries, List.of()));
    }
    return new CheckResult("counter total", "observed " + observed + ", " + range, violations);
  }
}
