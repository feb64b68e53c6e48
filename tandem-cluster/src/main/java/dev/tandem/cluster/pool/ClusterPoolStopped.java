package dev.tandem.cluster.pool;

/**
 * The pool on this node is stopping or stopped. If {@code mayHaveRun} is false the job was
 * refused before it was sent anywhere; if true it was on its way or running when the drain
 * timeout ran out, and its result will not be delivered.
 *
 * @param pool the pool's name
 * @param mayHaveRun whether a worker may have run the job
 */
public record ClusterPoolStopped(String pool, boolean mayHaveRun) implements ClusterPoolFailure {
  @Override
  public boolean certainlyNotRun() {
    return !mayHaveRun;
  }

  @Override
  public String describe() {
    return "cluster pool '" + pool + "' is stopped on this node; "
        + (mayHaveRun ? "the job may have run but its result was not awaited" : "the job was not run");
  }
}
