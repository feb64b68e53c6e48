package dev.tandem.testkit.history;

import java.util.List;
import java.util.Objects;

/**
 * One way a history broke a property, with the entries that show it.
 *
 * @param kind a stable name for the kind of violation, e.g. {@code "lost-write"}
 * @param description what went wrong, in a sentence that names the key, writer or total involved
 * @param operations the client operations involved (invocations and completions)
 * @param writes the writer records involved
 */
public record Violation(String kind, String description, List<Operation> operations, List<WriteRecord> writes) {

  public Violation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    operations = List.copyOf(operations);
    writes = List.copyOf(writes);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[").append(kind).append("] ").append(description);
    for (Operation op : operations) {
      b.append("\n      ").append(op);
    }
    for (WriteRecord w : writes) {
      b.append("\n      ").append(w);
    }
    return b.toString();
  }
}
