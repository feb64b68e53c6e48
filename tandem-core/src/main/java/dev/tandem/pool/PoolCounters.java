package dev.tandem.pool;

/**
 * A snapshot of a pool's counters since it started. Each counter is exact once the pool is quiet;
 * while traffic flows the fields are read one after another, not as one atomic snapshot.
 *
 * @param dispatched messages accepted by {@link Pool#tell}
 * @param completed messages whose worker returned normally from handling them
 * @param redispatched hand-overs of a message to another worker after its worker failed on it
 * @param quarantined messages given up after {@code max-attempts} failures
 * @param rejected sends refused ({@link PoolOverloaded} or {@link PoolStopped}) plus accepted
 *     messages abandoned at the drain timeout
 * @param restarts worker restarts after a failure
 * @param inFlight messages accepted and not yet completed, quarantined or abandoned
 */
public record PoolCounters(
    long dispatched,
    long completed,
    long redispatched,
    long quarantined,
    long rejected,
    long restarts,
    long inFlight) {}
