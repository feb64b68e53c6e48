/**
 * Multi-node tests for JUnit 5 and Maven: real JVM nodes (or ActorSystems in the test JVM) forming
 * a Pekko cluster on 127.0.0.1, with faults, remote code execution and barriers.
 *
 * <pre>
 * MultiNodeExtension.create(ClusterSpec)   JUnit 5 extension (static field: per class; instance: per test)
 * ClusterSpec.processes(n) / inProcess(n)  what to start: nodes, config, withDowning(stableAfter),
 *                                          withNode(i, NodeSpec -> ...), withSettings(...), start()
 * NodeSpec                                 per node: withRoles, withConfig, withSystemProperty, withJvmOptions
 * MultiNodeSettings                        timeouts, log directory, JVM options (tandem.testkit.multinode.*)
 * TestCluster                              node(i), nodes(), awaitAllUp/Unreachable/Reachable/Removed,
 *                                          await(description, condition), partition/isolate/heal,
 *                                          enterBarrier, close()
 * Node                                     run(Task, params), start(Task, params) -> TaskRun,
 *                                          kill (SIGKILL), stop (SIGTERM), pause/resume (SIGSTOP/SIGCONT),
 *                                          restart (same address), view(), awaitView, state(), logTail
 * NodeTask&lt;P, R&gt;                           code run on a node, given a NodeContext (system, spawn,
 *                                          attributes, stopRequested, enterBarrier)
 * TaskRun&lt;R&gt;                              a started task: requestStop(), await()
 * ClusterView, MemberStatus, NodeState     what a node sees; what the kit knows of a node
 * MultiNodeTimeoutException                any bounded wait expired (message: every node's state and view)
 * NodeStartException, NodeTaskException,   a node could not start / a task failed / a barrier failed
 * BarrierException
 * </pre>
 *
 * <p>Guarantees: every wait is bounded; every node process is killed when the cluster closes, when
 * the test JVM exits (shutdown hook), and by itself when the test JVM dies (it halts when its
 * control connection drops); a failed test's report carries each node's log tail. See
 * {@code docs/testkit.md} for a complete example.
 */
package dev.tandem.testkit.multinode;
