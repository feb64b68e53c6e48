package dev.tandem.cluster.pool.internal;

/**
 * Marks the cluster pool's own messages that cross the network. tandem-cluster's reference.conf
 * binds it to {@code jackson-cbor}; Java serialization stays off.
 */
public interface WireMessage {}
