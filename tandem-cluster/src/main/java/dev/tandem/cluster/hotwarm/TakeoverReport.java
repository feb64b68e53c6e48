package dev.tandem.cluster.hotwarm;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * One takeover: a new active started and served. Times are milliseconds after {@code origin}: the
 * first sign of trouble with the previous active's node seen from this node (unreachable, refused
 * connection, or leaving), or the promotion itself when no sign was seen (first start, or the old
 * node was gone before this node joined). Absent marks were not observed.
 *
 * @param name the singleton
 * @param node the new active's node
 * @param previousNode the node of the previous epoch's active ("" on the first start)
 * @param epoch the new epoch
 * @param origin wall-clock time the timeline starts at
 * @param unreachableMs previous node marked unreachable
 * @param refusedMs previous node's port refused a connection (crash probe)
 * @param leavingMs previous node started leaving (graceful)
 * @param downedMs previous node downed
 * @param removedMs previous node removed
 * @param promotedMs the active started on this node
 * @param recoveredMs recovery finished (snapshot loaded, tail replayed); the epoch is written next
 * @param epochWrittenMs the new epoch's start is in the journal: from here the active serves
 * @param firstServedMs first command acknowledged by the new active
 * @param warm whether a warm standby's state was used
 * @param standbyLag events the standby had not applied yet (= events replayed when warm)
 * @param eventsReplayed events read from the journal during recovery
 * @param sequenceNr journal length (highest sequence number) after recovery
 */
public record TakeoverReport(
    String name,
    String node,
    String previousNode,
    long epoch,
    Instant origin,
    OptionalLong unreachableMs,
    OptionalLong refusedMs,
    OptionalLong leavingMs,
    OptionalLong downedMs,
    OptionalLong removedMs,
    long promotedMs,
    long recoveredMs,
    long epochWrittenMs,
    OptionalLong firstServedMs,
    boolean warm,
    long standbyLag,
    long eventsReplayed,
    long sequenceNr)
    implements HotWarmEvent {

  /** The log line: the timeline in ms, what was replayed, and the standby's lag. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append("took over ").append(name).append(" epoch ").append(epoch).append(" on ").append(node);
    if (!previousNode.isEmpty()) {
      b.append(" from ").append(previousNode);
    }
    b.append(" at seqNr ").append(sequenceNr).append(": ");
    mark(b, "unreachable", unreachableMs);
    mark(b, "refused", refusedMs);
    mark(b, "leaving", leavingMs);
    mark(b, "downed", downedMs);
    mark(b, "removed", removedMs);
    b.append("promoted +").append(promotedMs).append(" ms, ");
    b.append("recovered +").append(recoveredMs).append(" ms, ");
    b.append("epoch written +").append(epochWrittenMs).append(" ms, ");
    mark(b, "first command served", firstServedMs);
    b.append(warm ? "warm" : "cold").append(", replayed ").append(eventsReplayed).append(" events");
    if (warm) {
      b.append(", standby lag ").append(standbyLag);
    }
    return b.toString();
  }

  private static void mark(StringBuilder b, String what, OptionalLong ms) {
    if (ms.isPresent()) {
      b.append(what).append(" +").append(ms.getAsLong()).append(" ms, ");
    }
  }
}
