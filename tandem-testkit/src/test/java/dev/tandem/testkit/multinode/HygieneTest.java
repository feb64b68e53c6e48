package dev.tandem.testkit.multinode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Nothing the kit starts outlives the test: not after a failing test, not after the test JVM dies. */
class HygieneTest {

  /** pid -> port of every node the fixture saw. */
  static final Map<Long, Integer> fixtureNodes = new ConcurrentHashMap<>();

  @Test
  @DisplayName("after a test class whose test fails, no node process survives, no port listens, and the failure carries every node's log tail")
  void nothingSurvivesAFailingClass() throws Exception {
    fixtureNodes.clear();
    var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingFixture.class)).execute();
    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));

    Throwable failure = results.testEvents().failed().stream().findFirst()
        .flatMap(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
    assertTrue(failure.getMessage().contains("deliberate"), failure.toString());
    assertEquals(1, failure.getSuppressed().length, "the node logs are attached");
    String attached = failure.getSuppressed()[0].getMessage();
    assertTrue(attached.contains("--- node-1 (RUNNING)") && attached.contains("--- node-2 (RUNNING)"), attached);
    assertTrue(attached.contains("node-2 started its ActorSystem"), "a line from node-2's own log: " + attached);

    assertEquals(2, fixtureNodes.size());
    for (Map.Entry<Long, Integer> node : fixtureNodes.entrySet()) {
      assertFalse(ProcessHandle.of(node.getKey()).map(ProcessHandle::isAlive).orElse(false), "pid " + node.getKey() + " is gone");
      assertFalse(listening(node.getValue()), "nothing listens on port " + node.getValue());
    }
    List<ProcessHandle> nodeDescendants = ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("NodeMain")).toList();
    assertEquals(List.of(), nodeDescendants, "no node process is left under the test JVM");
  }

  static class FailingFixture {
    @RegisterExtension
    static final MultiNodeExtension nodes = MultiNodeExtension.create(ClusterSpec.processes(2));

    @Test
    void failsWhileNodesRun() {
      for (Node n : nodes.cluster().nodes()) {
        fixtureNodes.put(n.pid().orElseThrow(), n.port());
        assertTrue(listening(n.port()), n.name() + " listens while it runs");
      }
      fail("deliberate failure while the nodes run");
    }
  }

  @Test
  @DisplayName("when the test JVM is killed with SIGKILL (no shutdown hook runs), its nodes notice and exit")
  void nodesDieWithAKilledTestJvm() throws Exception {
    Process testJvm = startOrphanedCluster("block");
    Orphan orphan = awaitNode(testJvm);
    assertTrue(ProcessHandle.of(orphan.pid).map(ProcessHandle::isAlive).orElse(false), "the node runs");

    testJvm.destroyForcibly();
    testJvm.onExit().get(30, TimeUnit.SECONDS);
    awaitGone(orphan);
  }

  @Test
  @DisplayName("when the test JVM exits without closing the cluster, its shutdown hook kills the nodes")
  void nodesDieWithAnExitingTestJvm() throws Exception {
    Process testJvm = startOrphanedCluster("exit");
    Orphan orphan = awaitNode(testJvm);
    assertEquals(0, testJvm.onExit().get(60, TimeUnit.SECONDS).exitValue());
    awaitGone(orphan);
  }

  private record Orphan(long pid, int port) {}

  private static Process startOrphanedCluster(String mode) throws IOException {
    Path logs = Path.of("target", "tandem-nodes", "orphans");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        OrphanedClusterMain.class.getName(), mode, logs.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static Orphan awaitNode(Process testJvm) throws Exception {
    Pattern line = Pattern.compile("NODE pid=(\\d+) port=(\\d+)");
    StringBuilder output = new StringBuilder();
    CompletableFuture<Orphan> found = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(testJvm.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = in.readLine(); l != null; l = in.readLine()) {
          output.append(l).append('\n');
          Matcher m = line.matcher(l);
          if (m.find()) {
            found.complete(new Orphan(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2))));
          }
        }
      } catch (IOException e) {
        found.completeExceptionally(e);
      }
      found.completeExceptionally(new AssertionError("the stand-in test JVM ended without starting a node:\n" + output));
    });
    reader.setDaemon(true);
    reader.start();
    try {
      return found.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      testJvm.destroyForcibly();
      throw new AssertionError("no node started within 120 s:\n" + output);
    }
  }

  private static void awaitGone(Orphan orphan) throws Exception {
    ProcessHandle node = ProcessHandle.of(orphan.pid).orElse(null);
    if (node != null) {
      node.onExit().get(30, TimeUnit.SECONDS);
    }
    assertFalse(listening(orphan.port), "nothing listens on the node's port " + orphan.port);
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
