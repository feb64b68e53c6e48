package dev.tandem.samples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.cluster.pool.ClusterPoolException;
import dev.tandem.cluster.pool.ClusterPoolSettings;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.MultiNodeExtension;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger's scoring on a real cluster pool: three ActorSystems in the test JVM, configured from
 * the samples' application.conf as the ledger nodes are, so scoring jobs and verdicts cross Artery
 * serialized exactly as between the demo's JVMs. Each test starts its own pool name.
 */
class ClusterScoringTest {

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.inProcess(3));

  @Test
  @DisplayName("transfers submitted on one node are scored by the scorers of every node, with the rules' verdicts")
  void scoredOnEveryNode() {
    List<String> scorers = new ArrayList<>();
    for (Node node : nodes.cluster().nodes()) {
      scorers.add(node.run(StartScoring.class, new Start("spread", 2, 1_000, 3_000)));
    }
    Node one = nodes.cluster().node(1);
    one.run(AwaitScorers.class, new Scorers("spread", 3));
    // Amounts on both sides of the limit, so both verdicts cross the wire.
    List<Long> amounts = LongStream.rangeClosed(1, 30).map(i -> i * 20).boxed().toList();
    Scored scored = one.run(ScoreAll.class, new Batch("spread", amounts));
    for (int i = 0; i < amounts.size(); i++) {
      assertEquals(ScoringRules.verdict("acc-1", "acc-2", amounts.get(i)).toString(), scored.verdicts().get(i),
          "transfer of " + amounts.get(i));
    }
    Map<String, Long> expected = new HashMap<>();
    scorers.forEach(s -> expected.put(s, 10L));
    assertEquals(expected, scored.completedPerNode(), "round-robin: a third of the jobs scored on each node");
  }

  @Test
  @DisplayName("a job without a verdict (no scorer anywhere; past capacity) becomes NotApplied on a first attempt, Unknown on a retry")
  void noVerdict() {
    Node one = nodes.cluster().node(1);
    // Only node-1 starts this pool, with no scorers: no node can ever score its jobs.
    one.run(StartScoring.class, new Start("nowhere", 0, 1, 600));
    List<Mapped> mapped = one.run(FailToScore.class, "nowhere");
    Mapped overloaded = mapped.get(0);
    assertEquals("ClusterPoolOverloaded", overloaded.failure(), overloaded.toString());
    assertTrue(overloaded.certainlyNotRun());
    Mapped timedOut = mapped.get(1);
    assertEquals("JobTimedOut", timedOut.failure(), timedOut.toString());
    assertTrue(timedOut.certainlyNotRun(), "no scorer was ever found: " + timedOut);
    for (Mapped m : mapped) {
      assertEquals("NotApplied", m.firstAttempt(), m.toString());
      assertTrue(m.why().contains(m.failure()), m.why());
      assertEquals("Unknown", m.retry(), m.toString());
    }
  }

  // ------------------------------------------------------------------ code run on the nodes

  record Start(String pool, int workers, int capacity, long jobTimeoutMs) {}

  record Scorers(String pool, int nodes) {}

  record Batch(String pool, List<Long> amounts) {}

  /** The verdicts in submit order, and how many jobs each node ({@code host:port}) scored. */
  record Scored(List<String> verdicts, Map<String, Long> completedPerNode) {}

  /** A scoring failure and the outcomes the desk makes of it. */
  record Mapped(String failure, boolean certainlyNotRun, String firstAttempt, String retry, String why) {}

  private static ClusterScoring scoring(NodeContext node, String pool) {
    return (ClusterScoring) node.attributes().get("scoring/" + pool);
  }

  /** Starts the node's part of a scoring pool; returns the node's {@code host:port}. */
  static final class StartScoring implements NodeTask<Start, String> {
    @Override
    public String run(NodeContext node, Start start) {
      ClusterPoolSettings settings = ClusterPoolSettings.create(node.system())
          .withWorkersPerNode(start.workers())
          .withCapacity(start.capacity())
          .withTimeouts(Duration.ofMillis(start.jobTimeoutMs() / 3), Duration.ofMillis(start.jobTimeoutMs()));
      node.attributes().put("scoring/" + start.pool(), ClusterScoring.start(node.system(), start.pool(), settings));
      return node.address().substring(node.address().indexOf('@') + 1);
    }
  }

  /** Waits until the node routes to the scorers of {@code nodes} nodes. */
  static final class AwaitScorers implements NodeTask<Scorers, Integer> {
    @Override
    public Integer run(NodeContext node, Scorers wanted) throws InterruptedException {
      ClusterScoring scoring = scoring(node, wanted.pool());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (scoring.liveNodes().size() < wanted.nodes()) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("routes to " + scoring.liveNodes() + ", wanted " + wanted.nodes() + " nodes");
        }
        // Paces the check; returns early only if the test asks the task to stop.
        node.awaitStopRequest(Duration.ofMillis(20));
      }
      return scoring.liveNodes().size();
    }
  }

  /** Scores a transfer of each amount from acc-1 to acc-2, all at once, and waits for the verdicts. */
  static final class ScoreAll implements NodeTask<Batch, Scored> {
    @Override
    public Scored run(NodeContext node, Batch batch) throws Exception {
      ClusterScoring scoring = scoring(node, batch.pool());
      List<CompletableFuture<TransferScoring.Verdict>> pending = new ArrayList<>();
      for (int i = 0; i < batch.amounts().size(); i++) {
        pending.add(scoring.score("t-" + i, "acc-1", "acc-2", batch.amounts().get(i)).toCompletableFuture());
      }
      List<String> verdicts = new ArrayList<>();
      for (CompletableFuture<TransferScoring.Verdict> p : pending) {
        verdicts.add(p.get(10, TimeUnit.SECONDS).toString());
      }
      // A verdict reaches its caller just before the pool books the job as completed: wait until
      // the books are closed, or the last job may be missing from the per-node counts.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (scoring.counters().inFlight() > 0 && System.nanoTime() - deadline < 0) {
        node.awaitStopRequest(Duration.ofMillis(20));
      }
      Map<String, Long> perNode = new HashMap<>();
      scoring.counters().perNode().forEach((n, c) -> perNode.put(n, c.completed()));
      return new Scored(verdicts, perNode);
    }
  }

  /**
   * On a pool with no scorers and capacity 1: the first job waits for a scorer until its deadline
   * (JobTimedOut), so a second one submitted meanwhile is refused (ClusterPoolOverloaded).
   */
  static final class FailToScore implements NodeTask<String, List<Mapped>> {
    @Override
    public List<Mapped> run(NodeContext node, String pool) throws Exception {
      ClusterScoring scoring = scoring(node, pool);
      CompletableFuture<TransferScoring.Verdict> first = scoring.score("t-1", "acc-1", "acc-2", 10).toCompletableFuture();
      CompletableFuture<TransferScoring.Verdict> second = scoring.score("t-2", "acc-1", "acc-2", 10).toCompletableFuture();
      return List.of(mapped("t-2", second), mapped("t-1", first));
    }

    private static Mapped mapped(String id, CompletableFuture<TransferScoring.Verdict> stage) throws Exception {
      Throwable error;
      try {
        stage.get(10, TimeUnit.SECONDS);
        throw new AssertionError(id + " got a verdict with no scorer anywhere");
      } catch (ExecutionException e) {
        error = e.getCause();
      }
      ClusterPoolException pool = assertInstanceOf(ClusterPoolException.class, error);
      TransferDesk.Outcome firstAttempt = TransferDesk.scoringFailed(id, false, error);
      TransferDesk.Outcome retry = TransferDesk.scoringFailed(id, true, error);
      String why = firstAttempt instanceof TransferDesk.NotApplied n ? n.why() : String.valueOf(firstAttempt);
      return new Mapped(pool.failure().getClass().getSimpleName(), pool.failure().certainlyNotRun(),
          firstAttempt.getClass().getSimpleName(), retry.getClass().getSimpleName(), why);
    }
  }
}
