package dev.tandem.cluster.pool;

/**
 * Workers failed (threw) on the job {@code attempts} times in a row on {@code node}, so it is not
 * tried again: it is likely poison, and the rest of the pool's traffic is unaffected. A job
 * marked at-most-once is quarantined after its first failure. The handler ran (and failed) at
 * least once, so any side effects it had before throwing have happened.
 *
 * @param pool the pool's name
 * @param node the node whose workers failed on it
 * @param attempts how many workers failed on it
 * @param lastFailure class and message of the last failure
 */
public record JobQuarantined(String pool, String node, int attempts, String lastFailure)
    implements ClusterPoolFailure {
  @Override
  public boolean certainlyNotRun() {
    return false;
  }

  @Override
  public String describe() {
    return "cluster pool '" + pool + "' quarantined the job after " + attempts + " failed attempt(s) on "
        + node + "; last failure: " + lastFailure;
  }
}
