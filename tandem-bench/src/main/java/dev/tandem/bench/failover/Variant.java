package dev.tandem.bench.failover;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.tandem.cluster.hotwarm.DowningPreset;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What runs in a bench cluster, and with which failure-handling timings. Every variant is a
 * cluster of {@code hosts} nodes with role {@link FailoverTasks#HOST_ROLE} (where the singleton
 * and its standbys may run) plus, optionally, one client node, on the same journal.
 */
enum Variant {
  /** Tandem's hot-warm singleton with the {@code fast} preset (its crash probe included). */
  TANDEM("tandem", "Tandem, fast preset"),
  /** A plain Cluster Singleton with the {@code fast} preset's failure-detector and SBR timings. */
  PEKKO_TUNED("pekko", "raw Pekko, fast preset's timings"),
  /** A plain Cluster Singleton with Pekko's own failure detector, gossip and SBR defaults. */
  PEKKO_DEFAULTS("pekko", "raw Pekko, SBR defaults");

  /** Which subject the variant runs ("tandem" or "pekko"). */
  final String subject;
  final String label;

  Variant(String subject, String label) {
    this.subject = subject;
    this.label = label;
  }

  /**
   * The failure handling. tandem-cluster's reference.conf sets Tandem's {@code balanced} timings
   * for every ActorSystem that has it on the class path, and the test kit speeds up gossip, so
   * Pekko's own defaults must be spelled out here to be in force.
   */
  Config config() {
    return switch (this) {
      case TANDEM, PEKKO_TUNED -> DowningPreset.FAST.config();
      case PEKKO_DEFAULTS -> ConfigFactory.parseString("""
          pekko.cluster {
            downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
            split-brain-resolver.active-strategy = keep-majority
            split-brain-resolver.stable-after = 20s
            failure-detector.heartbeat-interval = 1s
            failure-detector.acceptable-heartbeat-pause = 3s
            gossip-interval = 1s
            leader-actions-interval = 1s
            unreachable-nodes-reaper-interval = 1s
          }
          """);
    };
  }

  /**
   * Starts a cluster of this variant: nodes 1..{@code hosts} host the singleton, node {@code
   * hosts + 1} (if {@code withClient}) only sends commands.
   */
  TestCluster start(String systemName, int hosts, boolean withClient, String journalConfig, Path logs) {
    int count = hosts + (withClient ? 1 : 0);
    ClusterSpec spec = ClusterSpec.processes(count)
        .withName(systemName)
        .withConfig(config())
        .withConfig(journalConfig + "tandem.hotwarm.role = " + FailoverTasks.HOST_ROLE + "\n")
        // For trying settings: HOCON every bench node gets on top of the variant's.
        .withConfig(System.getProperty("tandem.bench.node-config", ""))
        .withSettings(s -> s.withLogDirectory(logs)
            // Hosts run at full JIT (the kit's default is C1 only, for start-up): these JVMs are measured.
            .withJvmOptions(List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx512m", "-XX:-UsePerfData"))
            .withTaskTimeout(Duration.ofMinutes(30))
            .withAwaitTimeout(Duration.ofMinutes(2)));
    for (int i = 1; i <= hosts; i++) {
      spec = spec.withNode(i, n -> n.withRoles(FailoverTasks.HOST_ROLE));
    }
    if (withClient) {
      spec = spec.withNode(count, n -> n.withRoles("client"));
    }
    return spec.start();
  }
}
