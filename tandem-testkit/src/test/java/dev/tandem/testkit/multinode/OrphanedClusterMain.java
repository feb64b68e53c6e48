package dev.tandem.testkit.multinode;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Stands in for a test JVM that dies without closing its cluster: starts one node, prints its pid
 * and port, then either exits without closing ({@code exit}: the kit's shutdown hook must kill the
 * node) or blocks until killed ({@code block}: the test SIGKILLs this JVM, no hook runs, and the
 * node must notice and exit by itself).
 */
public final class OrphanedClusterMain {

  private OrphanedClusterMain() {}

  public static void main(String[] args) throws InterruptedException {
    String mode = args[0];
    TestCluster cluster = ClusterSpec.processes(1).withName("Orphan")
        .withSettings(s -> s.withLogDirectory(Path.of(args[1])))
        .start();
    Node node = cluster.node(1);
    System.out.println("NODE pid=" + node.pid().orElseThrow() + " port=" + node.port());
    System.out.flush();
    if (mode.equals("exit")) {
      System.exit(0);
    }
    new CountDownLatch(1).await();
  }
}
