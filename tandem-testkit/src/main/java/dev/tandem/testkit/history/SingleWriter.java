package dev.tandem.testkit.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks, from the writers' own {@link WriteRecord}s, that at most one writer was active at any
 * instant. A writer's <em>activation</em> is its writes under one epoch, spanning the time from the
 * first to the last of them. Violations:
 *
 * <ul>
 *   <li>{@code overlapping-writers}: two activations wrote during a common interval (names the
 *       later activation's first write and the earlier one's writes from then on);
 *   <li>{@code duplicate-seqnr}: one sequence number was written more than once (a fork);
 *   <li>{@code stale-write}: a write under an older epoch took a higher sequence number than a
 *       write under a newer epoch, i.e. a deposed writer wrote after its successor;
 *   <li>{@code shared-epoch}: two different writers used the same epoch.
 * </ul>
 *
 * <p>Times are {@link System#nanoTime()} values, comparable across JVMs on one Linux host; records
 * from different machines cannot be judged for overlap.
 */
public final class SingleWriter {

  private SingleWriter() {}

  /** Checks the write records of {@code history}. */
  public static CheckResult check(History history) {
    return check(history.writes());
  }

  /** Checks write records gathered some other way. */
  public static CheckResult check(List<WriteRecord> records) {
    List<Violation> violations = new ArrayList<>();
    List<Activation> activations = activations(records);
    sharedEpochs(activations, violations);
    duplicateSeqNrs(records, violations);
    staleWrites(records, violations);
    overlaps(activations, violations);
    String summary = records.size() + " writes by " + activations.size() + " activation(s) (writer, epoch)";
    return new CheckResult("single writer", summary, violations);
  }

  private record Activation(String writer, long epoch, List<WriteRecord> writes) {
    long start() {
      return writes.get(0).nanos();
    }

    long end() {
      return writes.get(writes.size() - 1).nanos();
    }

    @Override
    public String toString() {
      return writer + " (epoch " + epoch + ")";
    }
  }

  private static List<Activation> activations(List<WriteRecord> records) {
    Map<String, Activation> byKey = new LinkedHashMap<>();
    for (WriteRecord r : records) {
      byKey.computeIfAbsent(r.writer() + '\u0000' + r.epoch(), k -> new Activation(r.writer(), r.epoch(), new ArrayList<>()))
          .writes().add(r);
    }
    List<Activation> activations = new ArrayList<>(byKey.values());
    for (Activation a : activations) {
      a.writes().sort(Comparator.comparingLong(WriteRecord::nanos));
    }
    activations.sort(Comparator.comparingLong(Activation::start));
    return activations;
  }

  private static void sharedEpochs(List<Activation> activations, List<Violation> violations) {
    Map<Long, Activation> firstByEpoch = new TreeMap<>();
    for (Activation a : activations) {
      Activation other = firstByEpoch.putIfAbsent(a.epoch(), a);
      if (other != null && !other.writer().equals(a.writer())) {
        violations.add(new Violation("shared-epoch",
            "writers " + other.writer() + " and " + a.writer() + " both wrote under epoch " + a.epoch(),
            List.of(), List.of(other.writes().get(0), a.writes().get(0))));
      }
    }
  }

  private static void duplicateSeqNrs(List<WriteRecord> records, List<Violation> violations) {
    Map<Long, List<WriteRecord>> bySeqNr = new TreeMap<>();
    for (WriteRecord r : records) {
      bySeqNr.computeIfAbsent(r.seqNr(), k -> new ArrayList<>()).add(r);
    }
    bySeqNr.forEach((seqNr, writes) -> {
      if (writes.size() > 1) {
        violations.add(new Violation("duplicate-seqnr",
            "seqNr " + seqNr + " was written " + writes.size() + " times", List.of(), writes));
      }
    });
  }

  private static void staleWrites(List<WriteRecord> records, List<Violation> violations) {
    List<WriteRecord> bySeqNr = new ArrayList<>(records);
    bySeqNr.sort(Comparator.comparingLong(WriteRecord::seqNr).thenComparingLong(WriteRecord::nanos));
    WriteRecord newest = null;
    for (WriteRecord r : bySeqNr) {
      if (newest != null && r.epoch() < newest.epoch()) {
        violations.add(new Violation("stale-write",
            r.writer() + " wrote seqNr " + r.seqNr() + " under epoch " + r.epoch() + " after " + newest.writer()
                + " had written seqNr " + newest.seqNr() + " under newer epoch " + newest.epoch(),
            List.of(), List.of(newest, r)));
      } else if (newest == null || r.epoch() > newest.epoch()) {
        newest = r;
      }
    }
  }

  private static void overlaps(List<Activation> activations, List<Violation> violations) {
    for (int later = 1; later < activations.size(); later++) {
      Activation b = activations.get(later);
      for (int earlier = 0; earlier < later; earlier++) {
        Activation a = activations.get(earlier);
        if (a.end() > b.start()) {
          List<WriteRecord> evidence = new ArrayList<>();
          evidence.add(b.writes().get(0));
          for (WriteRecord w : a.writes()) {
            if (w.nanos() > b.start()) {
              evidence.add(w);
            }
          }
          violations.add(new Violation("overlapping-writers",
              a + " was still writing after " + b + " had started: " + (evidence.size() - 1)
                  + " write(s) of " + a + " came after the first write of " + b,
              List.of(), evidence));
        }
      }
    }
  }
}
