package dev.tandem.cluster.pool;

/**
 * The job was not accepted: this node already had {@code capacity} unfinished jobs of its own
 * ({@code tandem.cluster-pool.capacity}), or every live node's workers were full ({@code
 * node-capacity}). The job did not run; retry later, slow down, or shed load.
 *
 * @param pool the pool's name
 * @param detail which limit refused it
 */
public record ClusterPoolOverloaded(String pool, String detail) implements ClusterPoolFailure {
  @Override
  public boolean certainlyNotRun() {
    return true;
  }

  @Override
  public String describe() {
    return "cluster pool '" + pool + "' is overloaded (" + detail + "); the job was not run: retry later or shed load";
  }
}
