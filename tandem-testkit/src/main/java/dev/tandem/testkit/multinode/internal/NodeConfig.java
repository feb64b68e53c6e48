package dev.tandem.testkit.multinode.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.NodeSpec;

/** Assembles a node's Pekko configuration: what the kit requires, then node, cluster, defaults. */
final class NodeConfig {

  private NodeConfig() {}

  static Config of(ClusterSpec cluster, NodeSpec node, int port) {
    Config required = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.transport = tcp
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.bind.hostname = "127.0.0.1"
        pekko.remote.artery.advanced.test-mode = on
        pekko.cluster.seed-nodes = []
        """).withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port));
    if (cluster.mode() == ClusterSpec.Mode.IN_PROCESS) {
      // Several ActorSystems share the test JVM: it is not theirs to exit, and a kill must
      // terminate one without a graceful leave.
      required = required.withFallback(ConfigFactory.parseString("""
          pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
          pekko.coordinated-shutdown.run-by-actor-system-terminate = off
          pekko.coordinated-shutdown.exit-jvm = off
          """));
    }
    if (!node.roles().isEmpty()) {
      required = required.withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(node.roles()));
    }
    return required.withFallback(node.config()).withFallback(cluster.config())
        .withFallback(cluster.settings().nodeDefaults());
  }
}
