package dev.tandem.cluster.pool;

/**
 * What this node's jobs did on one node (this one included), as seen from this node.
 *
 * @param dispatched jobs sent there (re-dispatches included)
 * @param completed jobs whose result came from there
 * @param inFlight jobs sent there whose worker has not finished them yet
 * @param redispatchedAway jobs moved away because the node was lost or stayed unreachable
 */
public record NodeCounters(long dispatched, long completed, long inFlight, long redispatchedAway) {}
