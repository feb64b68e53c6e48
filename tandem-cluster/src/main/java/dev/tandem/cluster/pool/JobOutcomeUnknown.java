package dev.tandem.cluster.pool;

/**
 * An at-most-once job had been cleared to start on {@code node} when that node was lost
 * (removed from the cluster, or unreachable until the job's deadline). It may or may not have run
 * there; it was not re-dispatched, because running it twice is what at-most-once forbids. Find
 * out from the job's own effects (an idempotency key in your store) before retrying it.
 *
 * @param pool the pool's name
 * @param node the node that may have run it
 * @param why what happened to the node
 */
public record JobOutcomeUnknown(String pool, String node, String why) implements ClusterPoolFailure {
  @Override
  public boolean certainlyNotRun() {
    return false;
  }

  @Override
  public String describe() {
    return "cluster pool '" + pool + "' cannot tell whether the at-most-once job ran on " + node + " (" + why
        + "); it was not re-run: check its effects before retrying";
  }
}
