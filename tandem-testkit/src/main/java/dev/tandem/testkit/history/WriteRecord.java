package dev.tandem.testkit.history;

import java.util.Objects;

/**
 * A writer's own account of one write it performed: which writer, under which epoch (the term of
 * office it believes it holds), at which sequence number, and when. The active side of a
 * hot-warm pair records one per persisted event; {@link SingleWriter} judges them.
 *
 * @param writer who wrote, e.g. the node name plus an incarnation
 * @param epoch the writer's term; a new active must use a larger epoch than the one it replaced
 * @param seqNr the sequence number the write occupies (unique in a correct run)
 * @param nanos {@link System#nanoTime()} when written (comparable across JVMs on one Linux host)
 * @param key what was written (e.g. the command id), {@code ""} if not known
 */
public record WriteRecord(String writer, long epoch, long seqNr, long nanos, String key) {

  public WriteRecord {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(key, "key");
    if (writer.isEmpty()) {
      throw new IllegalArgumentException("a write record needs a non-empty writer id");
    }
  }

  @Override
  public String toString() {
    return writer + " epoch=" + epoch + " seqNr=" + seqNr + (key.isEmpty() ? "" : " key=" + key);
  }
}
