package dev.tandem.cluster.pool;

/**
 * The job could not be delivered to a worker: its message could not be serialized or read on the
 * receiving node (bind its class to {@code jackson-cbor}), or it was lost with nodes more often
 * than {@code tandem.cluster-pool.max-redispatches} allows. {@code mayHaveRun} says whether a
 * worker may have run it before.
 *
 * @param pool the pool's name
 * @param reason what went wrong
 * @param mayHaveRun whether a worker may have run it
 */
public record JobUndeliverable(String pool, String reason, boolean mayHaveRun) implements ClusterPoolFailure {
  @Override
  public boolean certainlyNotRun() {
    return !mayHaveRun;
  }

  @Override
  public String describe() {
    return "cluster pool '" + pool + "' could not deliver the job: " + reason
        + (mayHaveRun ? " (it may have run before)" : " (it did not run)");
  }
}
