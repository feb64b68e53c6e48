package dev.tandem.cluster.pool;

import java.util.Map;

/**
 * The jobs submitted through this node since the pool started here. Exact once the pool is quiet;
 * while traffic flows the fields are read one after another, not as one atomic snapshot. For
 * what this node's workers ran on behalf of every node, see {@link ClusterPool#workerCounters()}.
 *
 * @param submitted jobs accepted by {@code ask}/{@code tell}
 * @param completed jobs with a result (ask) or whose handler returned (tell)
 * @param redispatched moves of a job to another node after its node was lost or stayed unreachable
 * @param quarantined jobs given up after failing {@code max-attempts} workers
 * @param timedOut jobs that reached their deadline ({@link JobTimedOut})
 * @param outcomeUnknown at-most-once jobs lost with a node that may have run them
 * @param rejected submits refused at once plus jobs every live node refused ({@link ClusterPoolOverloaded},
 *     {@link ClusterPoolStopped})
 * @param undeliverable jobs that could not be serialized, read, or re-dispatched again
 * @param inFlight accepted jobs without a result or failure yet
 * @param waiting jobs among inFlight that wait for a live worker
 * @param perNode the distribution over nodes ({@code host:port}), this node included
 */
public record ClusterPoolCounters(
    long submitted,
    long completed,
    long redispatched,
    long quarantined,
    long timedOut,
    long outcomeUnknown,
    long rejected,
    long undeliverable,
    long inFlight,
    long waiting,
    Map<String, NodeCounters> perNode) {

  public ClusterPoolCounters {
    perNode = Map.copyOf(perNode);
  }
}
