package dev.tandem.testkit.multinode.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.multinode.MultiNodeTimeoutException;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.NodeTaskException;
import dev.tandem.testkit.multinode.TaskRun;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The test side of a task run: completed by the node's TaskDone or TaskFailed frame, or its death. */
final class PendingTask<R> implements TaskRun<R> {

  private final NodeHandle node;
  private final long id;
  private final String taskName;
  private final JavaType resultType;
  private final CompletableFuture<JsonNode> result = new CompletableFuture<>();

  PendingTask(NodeHandle node, long id, String taskName, JavaType resultType) {
    this.node = node;
    this.id = id;
    this.taskName = taskName;
    this.resultType = resultType;
  }

  long id() {
    return id;
  }

  void succeeded(JsonNode value) {
    result.complete(value);
  }

  void failed(String description) {
    result.completeExceptionally(new NodeTaskException("task " + taskName + " failed on " + node.name() + ": " + description));
  }

  @Override
  public Node node() {
    return node;
  }

  @Override
  public void requestStop() {
    node.send(new Frame.StopTask(id));
  }

  @Override
  public boolean isDone() {
    return result.isDone();
  }

  @Override
  public R await() {
    return await(node.cluster().spec().settings().taskTimeout());
  }

  @Override
  @SuppressWarnings("unchecked")
  public R await(Duration timeout) {
    JsonNode tree;
    try {
      tree = result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new MultiNodeTimeoutException("task " + taskName + " on " + node.name() + " did not finish within "
          + Durations.format(timeout) + "\n" + node.cluster().describeNodes());
    } catch (ExecutionException e) {
      throw (NodeTaskException) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeTaskException("interrupted while waiting for task " + taskName + " on " + node.name());
    }
    try {
      return (R) Json.fromTree(tree, resultType);
    } catch (IOException e) {
      throw new NodeTaskException("the result of task " + taskName + " on " + node.name() + " cannot be read as "
          + resultType + ": " + e.getMessage(), e);
    }
  }
}
