package dev.tandem.cluster.hotwarm;

/**
 * An active found that a newer active has written to the journal (its own write was refused), and
 * stopped itself without serving anything further.
 *
 * @param name the singleton
 * @param node this (stale) node's address
 * @param staleEpoch the epoch this active held
 * @param newerEpoch the epoch found in the journal
 * @param newerNode the node that wrote it
 * @param atSequenceNr the sequence number this active tried to write
 */
public record ActiveFenced(
    String name, String node, long staleEpoch, long newerEpoch, String newerNode, long atSequenceNr)
    implements HotWarmEvent {

  @Override
  public String toString() {
    return "active of "
        + name
        + " on "
        + node
        + " (epoch "
        + staleEpoch
        + ") fenced: epoch "
        + newerEpoch
        + " on "
        + newerNode
        + " wrote seqNr "
        + atSequenceNr
        + " first; stopped";
  }
}
