package dev.tandem.cluster.hotwarm.internal;

/**
 * What the warm snapshot store served to a recovering active: whether a standby's state was used
 * and at which sequence number it stood.
 */
record RecoveryNote(boolean warm, long snapshotSeqNr) {}
