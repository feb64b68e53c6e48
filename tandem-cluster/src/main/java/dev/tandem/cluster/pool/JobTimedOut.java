package dev.tandem.cluster.pool;

import java.time.Duration;

/**
 * The job's deadline passed without a result. If {@code lastNode} is empty no live worker was
 * found in time (no node runs workers, or all were unreachable or full) and the job did not run;
 * otherwise it was last sent to {@code lastNode} and may or may not have run there.
 *
 * @param pool the pool's name
 * @param timeout the job's deadline, from submit
 * @param lastNode the node it was last sent to, or empty if it never found one
 */
public record JobTimedOut(String pool, Duration timeout, String lastNode) implements ClusterPoolFailure {
  @Override
  public boolean certainlyNotRun() {
    return lastNode.isEmpty();
  }

  @Override
  public String describe() {
    return "cluster pool '" + pool + "' had no result for the job within " + timeout.toMillis() + " ms; "
        + (lastNode.isEmpty() ? "no live worker was found, the job was not run"
            : "it was last sent to " + lastNode + " and may or may not have run");
  }
}
