package dev.tandem.testkit.multinode;

import java.nio.file.Path;

/**
 * Measures cluster formation with the kit: from {@link ClusterSpec#start()} until every node is Up
 * in every node's view, then closes the cluster. Not a test; run it by hand (see
 * docs/testkit.md). Prints {@code BENCH testkit-formation nodes=N run=I ms=T} per run.
 *
 * <p>Arguments: node count (default 3), runs (default 3), mode {@code processes} (default) or
 * {@code in-process}.
 */
public final class ClusterFormationBench {

  private ClusterFormationBench() {}

  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    boolean inProcess = args.length > 2 && args[2].equals("in-process");
    for (int run = 1; run <= runs; run++) {
      long start = System.nanoTime();
      try (TestCluster cluster = (inProcess ? ClusterSpec.inProcess(nodes) : ClusterSpec.processes(nodes)).withName("FormationBench")
          .withSettings(s -> s.withLogDirectory(Path.of("target", "tandem-nodes", "bench")))
          .start()) {
        long formed = (System.nanoTime() - start) / 1_000_000;
        System.out.println("BENCH testkit-formation mode=" + (inProcess ? "in-process" : "processes") + " nodes=" + nodes + " run=" + run + " ms=" + formed
            + " load=" + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      }
    }
  }
}
