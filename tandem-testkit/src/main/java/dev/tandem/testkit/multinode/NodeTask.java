package dev.tandem.testkit.multinode;

/**
 * Code the test runs on a node ({@link Node#run}, {@link Node#start}). The kit makes a new
 * instance on the node for each run, so the class needs a no-argument constructor (any
 * visibility) and must be top-level or static nested. Parameters and result cross between the
 * test JVM and the node as JSON, so use records, strings, numbers and collections of them.
 *
 * <pre>{@code
 * public static final class CountMembers implements NodeTask<NodeTask.None, Integer> {
 *   public Integer run(NodeContext node, NodeTask.None none) {
 *     return Cluster.get(node.system()).state().members().size();
 *   }
 * }
 * int members = cluster.node(2).run(CountMembers.class);
 * }</pre>
 *
 * @param <P> the parameter type
 * @param <R> the result type
 */
@FunctionalInterface
public interface NodeTask<P, R> {

  /**
   * Runs on the node, on a thread of its own.
   *
   * @param node the node's ActorSystem, barriers, stop requests and shared state
   * @param params the parameters the test passed
   * @return the result to send back to the test
   * @throws Exception to fail the run; the test gets a {@link NodeTaskException} with this
   *     exception's class, message and stack trace
   */
  R run(NodeContext node, P params) throws Exception;

  /** The parameter of a task that takes none, and the result of one that returns nothing. */
  record None() {
    /** The only value needed. */
    public static final None INSTANCE = new None();
  }
}
