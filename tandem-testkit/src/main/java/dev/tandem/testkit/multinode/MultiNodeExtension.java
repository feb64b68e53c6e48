package dev.tandem.testkit.multinode;

import dev.tandem.testkit.multinode.internal.RunningCluster;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension that starts a {@link TestCluster} and guarantees its nodes are gone
 * afterwards, whether tests pass or fail.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.processes(3));
 *
 * @Test
 * void survivesAKill() {
 *   TestCluster cluster = nodes.cluster();
 *   cluster.node(3).kill();
 *   cluster.awaitUnreachable(cluster.node(3));
 * }
 * }</pre>
 *
 * <ul>
 *   <li>On a {@code static} field the cluster lives for the test class: it starts before the
 *       first test and is closed after the last. After each test, partitions are healed and
 *       paused nodes resumed, so one test's faults do not leak into the next; killed nodes stay
 *       down until a test restarts them.
 *   <li>On an instance field each test method gets a fresh cluster.
 *   <li>A test (or lifecycle method) that fails gets every node's log tail attached to its
 *       exception as a suppressed exception, so it shows in the Surefire report.
 *   <li>Test methods may take a {@link TestCluster} parameter.
 *   <li>The ActorSystem name is the test class's simple name unless the spec names one.
 * </ul>
 */
public final class MultiNodeExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MultiNodeExtension.class);

  private final ClusterSpec spec;
  private volatile RunningCluster cluster;
  private volatile boolean perClass;

  private MultiNodeExtension(ClusterSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /** An extension that starts the cluster {@code spec} describes. */
  public static MultiNodeExtension create(ClusterSpec spec) {
    return new MultiNodeExtension(spec);
  }

  /**
   * The running cluster.
   *
   * @throws IllegalStateException outside the cluster's lifetime
   */
  public TestCluster cluster() {
    TestCluster current = cluster;
    if (current == null) {
      throw new IllegalStateException("no cluster here: with a static field it exists from before the first test"
          + " of the class until after the last; with an instance field, during each test");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    startIn(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      startIn(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stopIn(context);
      return;
    }
    RunningCluster current = cluster;
    if (current != null) {
      for (Node n : current.nodes()) {
        if (n.state() == NodeState.PAUSED) {
          n.resume();
        }
      }
      current.heal();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) {
      stopIn(context);
    }
  }

  private void startIn(ExtensionContext context) {
    ClusterSpec effective = spec.name().equals(ClusterSpec.DEFAULT_NAME)
        ? spec.withName(systemName(context.getRequiredTestClass()))
        : spec;
    RunningCluster started = (RunningCluster) effective.start();
    cluster = started;
    // The store closes it even if the after-callback is never reached.
    context.getStore(NAMESPACE).put(RunningCluster.class, (ExtensionContext.Store.CloseableResource) started::close);
  }

  private void stopIn(ExtensionContext context) {
    cluster = null;
    ExtensionContext.Store.CloseableResource closer =
        context.getStore(NAMESPACE).remove(RunningCluster.class, ExtensionContext.Store.CloseableResource.class);
    if (closer != null) {
      try {
        closer.close();
      } catch (Throwable e) {
        throw new IllegalStateException("closing the test cluster failed: " + e.getMessage(), e);
      }
    }
  }

  private static String systemName(Class<?> testClass) {
    String name = testClass.getSimpleName().replaceAll("[^A-Za-z0-9_-]", "");
    return name.isEmpty() ? ClusterSpec.DEFAULT_NAME : name;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return cluster();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withLogTails(failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withLogTails(failure);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withLogTails(failure);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withLogTails(failure);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withLogTails(failure);
  }

  private Throwable withLogTails(Throwable failure) {
    RunningCluster current = cluster;
    if (current != null) {
      failure.addSuppressed(new NodeLogs(current.describeNodes() + "\n" + current.logTails()));
    }
    return failure;
  }

  /** Carries the nodes' states and log tails into a failed test's report. */
  static final class NodeLogs extends RuntimeException {
    NodeLogs(String text) {
      super("test cluster at the time of the failure:\n" + text, null, false, false);
    }
  }
}
