package dev.tandem.cluster.hotwarm;

/**
 * Marker for messages, events and state that cross nodes or reach the journal: bound to Pekko's
 * {@code jackson-cbor} serializer by this module's {@code reference.conf}. Java serialization is off.
 *
 * <p>Your singleton's commands, events, replies and state must implement it (records work as they
 * are). Anything else fails to serialize and never leaves the node.
 */
public interface CborSerializable {}
