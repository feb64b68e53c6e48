package dev.tandem.bench.failover;

import dev.tandem.cluster.hotwarm.CborSerializable;

/**
 * What both subjects answer: the counter's value after the command and the address of the node
 * whose instance served it.
 */
record Reply(long value, String servedBy) implements CborSerializable {}
