package dev.tandem.testkit.multinode;

import java.time.Duration;

/**
 * A task started on a node with {@link Node#start}.
 *
 * @param <R> the task's result type
 */
public interface TaskRun<R> {

  /** The node it runs on. */
  Node node();

  /**
   * Asks the task to finish: {@link NodeContext#stopRequested()} turns true on the node. The task
   * decides when to return; this does not interrupt it.
   */
  void requestStop();

  /** True once the task has returned, failed, or its node is gone. */
  boolean isDone();

  /** Waits for the result with the task timeout. */
  R await();

  /**
   * Waits for the result.
   *
   * @throws NodeTaskException if the task threw or its node died while running it
   * @throws MultiNodeTimeoutException if it has not finished within {@code timeout}
   */
  R await(Duration timeout);
}
