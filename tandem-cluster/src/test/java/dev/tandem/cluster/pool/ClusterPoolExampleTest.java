package dev.tandem.cluster.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.cluster.pool.ClusterPoolExample.Charged;
import dev.tandem.cluster.pool.ClusterPoolExample.Next;
import dev.tandem.cluster.pool.ClusterPoolExample.NotScored;
import dev.tandem.cluster.pool.ClusterPoolExample.ScoreReply;
import dev.tandem.cluster.pool.ClusterPoolExample.Scored;
import dev.tandem.cluster.pool.PoolTasks.AwaitLive;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.MultiNodeExtension;
import dev.tandem.testkit.multinode.Node;
import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example of docs/cluster-pool.md ({@link ClusterPoolExample}) on three nodes in this JVM. */
class ClusterPoolExampleTest {

  /** The configuration the document shows, with the example's class names. */
  static final String CONFIG = """
      pekko.actor.serialization-bindings {
        "dev.tandem.cluster.pool.ClusterPoolExample$Wire" = jackson-cbor
      }
      tandem.journal.start-at-boot = off
      """;

  @RegisterExtension
  static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.inProcess(3).withConfig(CONFIG));

  /** Charges by payment id, over all three nodes (they share this JVM). */
  static final Map<String, AtomicInteger> CHARGES = new ConcurrentHashMap<>();

  static final class StartExample implements NodeTask<NodeTask.None, String> {
    @Override
    public String run(NodeContext node, NodeTask.None none) {
      ClusterPool<ClusterPoolExample.Job> pool = ClusterPoolExample.start(node.system(),
          (paymentId, cents) -> CHARGES.computeIfAbsent(paymentId, id -> new AtomicInteger()).incrementAndGet());
      node.attributes().put("example", pool);
      return node.address().substring(node.address().indexOf('@') + 1);
    }
  }

  @SuppressWarnings("unchecked")
  static ClusterPool<ClusterPoolExample.Job> pool(NodeContext node) {
    return (ClusterPool<ClusterPoolExample.Job>) node.attributes().get("example");
  }

  /** Waits until the example pool on the node routes to three nodes. */
  static final class AwaitThree implements NodeTask<NodeTask.None, NodeTask.None> {
    @Override
    public NodeTask.None run(NodeContext node, NodeTask.None none) throws Exception {
      PoolTasks.awaitAtLeast(node, "live nodes", () -> pool(node).liveNodes().size(), 3, Duration.ofSeconds(30));
      return NodeTask.None.INSTANCE;
    }
  }

  /** Scores {@code n} transfers one after another; returns the outcomes and where they ran. */
  record Scoring(List<String> outcomes, Map<String, Long> distribution) {}

  static final class ScoreMany implements NodeTask<Integer, Scoring> {
    @Override
    public Scoring run(NodeContext node, Integer n) throws Exception {
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        outcomes.add(ClusterPoolExample.score(pool(node), "t-" + i, 1_200 + i * 100L).toCompletableFuture()
            .get(30, TimeUnit.SECONDS));
      }
      return new Scoring(outcomes, ClusterPoolExample.distribution(pool(node)));
    }
  }

  static final class ChargeOnce implements NodeTask<String, String> {
    @Override
    public String run(NodeContext node, String paymentId) throws Exception {
      Charged charged = ClusterPoolExample.charge(pool(node), paymentId, 4_200).toCompletableFuture().get(30, TimeUnit.SECONDS);
      return charged.paymentId();
    }
  }

  /** Tells a Score and returns what reached its reply-to. */
  static final class ScoreByTell implements NodeTask<String, String> {
    @Override
    public String run(NodeContext node, String transferId) throws Exception {
      CompletableFuture<ScoreReply> reply = new CompletableFuture<>();
      ActorRef<ScoreReply> replyTo = node.spawn(Behaviors.receiveMessage(r -> {
        reply.complete(r);
        return Behaviors.stopped();
      }), "reply-" + transferId);
      assertTrue(ClusterPoolExample.scoreLater(pool(node), transferId, 9_900, replyTo));
      return String.valueOf(reply.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  @DisplayName("the documented example: started on every node, asks and tells are answered from every node's workers;"
      + " a charge runs once")
  void example() {
    List<String> names = new ArrayList<>();
    for (Node n : nodes.cluster().nodes()) {
      names.add(n.run(StartExample.class));
    }
    for (Node n : nodes.cluster().nodes()) {
      n.run(AwaitThree.class);
    }
    Node two = nodes.cluster().node(2);
    Scoring scoring = two.run(ScoreMany.class, 30);
    assertEquals("t-0 risk 12", scoring.outcomes().get(0));
    assertEquals("t-29 risk 41", scoring.outcomes().get(29));
    assertEquals(names.stream().sorted().collect(Collectors.toMap(n -> n, n -> 10L)), scoring.distribution(),
        "round-robin: ten jobs on each node");

    assertEquals("p-1", two.run(ChargeOnce.class, "p-1"));
    assertEquals(1, CHARGES.get("p-1").get());

    assertEquals(new Scored("t-tell", 99).toString(), two.run(ScoreByTell.class, "t-tell"));
  }

  @Test
  @DisplayName("the documented decision after each failure: give up on poison, back off when overloaded, retry what"
      + " certainly did not run or is idempotent, check effects otherwise")
  void whatNext() {
    assertEquals(Next.GIVE_UP, ClusterPoolExample.next(new JobQuarantined("p", "n:1", 3, "boom"), true));
    assertEquals(Next.GIVE_UP, ClusterPoolExample.next(new JobUndeliverable("p", "cannot serialize", false), true));
    assertEquals(Next.RETRY_LATER, ClusterPoolExample.next(new ClusterPoolOverloaded("p", "capacity"), false));
    assertEquals(Next.RETRY, ClusterPoolExample.next(new ClusterPoolStopped("p", false), false));
    assertEquals(Next.RETRY, ClusterPoolExample.next(new JobTimedOut("p", Duration.ofSeconds(1), ""), false));
    assertEquals(Next.RETRY, ClusterPoolExample.next(new JobTimedOut("p", Duration.ofSeconds(1), "n:1"), true));
    assertEquals(Next.CHECK_EFFECTS_FIRST,
        ClusterPoolExample.next(new JobTimedOut("p", Duration.ofSeconds(1), "n:1"), false));
    assertEquals(Next.CHECK_EFFECTS_FIRST, ClusterPoolExample.next(new JobOutcomeUnknown("p", "n:1", "removed"), false));
    assertEquals(Next.CHECK_EFFECTS_FIRST,
        ClusterPoolExample.next(new JobUndeliverable("p", "lost with its node 3 time(s)", true), false));
  }

  @Test
  @DisplayName("docs/cluster-pool.md quotes the example's code regions verbatim")
  void documentQuotesTheExample() throws IOException {
    String doc = Files.readString(Path.of("../docs/cluster-pool.md"));
    String source = Files.readString(Path.of("src/test/java/dev/tandem/cluster/pool/ClusterPoolExample.java"));
    Matcher region = Pattern.compile("\\n( *)// doc:begin (\\S+)\\n(.*?)\\n *// doc:end", Pattern.DOTALL).matcher(source);
    int regions = 0;
    while (region.find()) {
      regions++;
      String indent = region.group(1);
      String code = region.group(3).lines()
          .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
          .collect(Collectors.joining("\n"));
      assertTrue(doc.contains(code), "docs/cluster-pool.md lacks region '" + region.group(2) + "' as it is in"
          + " ClusterPoolExample.java:\n" + code);
    }
    assertEquals(6, regions, "regions in ClusterPoolExample.java");
  }
}
