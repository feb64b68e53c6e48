package dev.tandem.testkit.history;

import java.util.List;
import java.util.Objects;

/**
 * What a checker concluded about a history: valid, or the list of {@link Violation}s, each naming
 * the operations that show it.
 *
 * @param checker which property was checked, e.g. {@code "no lost writes"}
 * @param summary one line with the counts the checker looked at
 * @param violations empty if the history has the property
 */
public record CheckResult(String checker, String summary, List<Violation> violations) {

  /** How many violations {@link #report()} prints before it summarises the rest. */
  private static final int REPORTED = 25;

  public CheckResult {
    Objects.requireNonNull(checker, "checker");
    Objects.requireNonNull(summary, "summary");
    violations = List.copyOf(violations);
  }

  /** True if nothing was violated. */
  public boolean valid() {
    return violations.isEmpty();
  }

  /** The violations of one kind. */
  public List<Violation> violations(String kind) {
    return violations.stream().filter(v -> v.kind().equals(kind)).toList();
  }

  /**
   * Returns normally if {@link #valid()}.
   *
   * @throws AssertionError with {@link #report()} as its message otherwise
   */
  public void assertValid() {
    if (!valid()) {
      throw new AssertionError(report());
    }
  }

  /** A readable report: the verdict, the summary and the first violations with their entries. */
  public String report() {
    StringBuilder b = new StringBuilder(checker).append(": ").append(valid() ? "valid" : "INVALID")
        .append(" (").append(summary).append(')');
    for (int i = 0; i < Math.min(REPORTED, violations.size()); i++) {
      b.append("\n  ").append(violations.get(i));
    }
    if (violations.size() > REPORTED) {
      b.append("\n  ... and ").append(violations.size() - REPORTED).append(" more violations");
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return report();
  }
}
