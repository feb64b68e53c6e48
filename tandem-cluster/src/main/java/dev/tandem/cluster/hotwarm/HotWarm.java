package dev.tandem.cluster.hotwarm;

import com.typesafe.config.Config;
import dev.tandem.cluster.hotwarm.internal.Wiring;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Starts hot-warm singletons: one active instance in the cluster (on the oldest node), warm
 * standbys on the next-oldest nodes following its journal, and a client proxy on every node.
 *
 * <p>Call {@link #init} on every node (or every node with the configured role), like Pekko's
 * {@code ClusterSingleton.init}; calling it again for the same name returns the same reference.
 *
 * <p>Guarantees: a command acknowledged to a caller is in the journal and survives any takeover; a
 * command id is applied at most once (within the remembered window); at most one active can write
 * at a time (the journal's unique sequence numbers refuse a stale active's write, and the stale
 * active stops itself, publishing {@link ActiveFenced}); every takeover publishes a {@link
 * TakeoverReport}. Limits: a stale active may still answer reply-only commands (reads) from its
 * state until it tries to write; see docs/hotwarm.md.
 */
public final class HotWarm {
  private HotWarm() {}

  /**
   * Starts (or finds) the singleton described by {@code spec} on this node.
   *
   * @throws HotWarmConfigurationException if the ActorSystem is not a cluster member, or has no
   *     downing provider while {@code tandem.hotwarm.require-downing} is on
   * @throws IllegalArgumentException if {@code tandem.hotwarm} holds a bad value (named)
   */
  public static <C, E, S, R> HotWarmRef<C, R> init(ActorSystem<?> system, HotWarmSpec<C, E, S, R> spec) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(spec, "spec");
    Config config = system.settings().config();
    HotWarmSettings settings = spec.settings().orElseGet(() -> HotWarmSettings.create(config));
    checkCluster(config, settings);
    return new HotWarmRef<>(spec.name(), Wiring.start(system, spec, settings));
  }

  /**
   * The journal sequence number the warm standby of {@code name} on this node has applied, or empty
   * if no standby of it runs here (this node hosts the active, or is not among the next {@code
   * standbys} oldest). For operations and tests: compare it with the active's to see the lag.
   */
  public static java.util.OptionalLong localStandbySequenceNr(ActorSystem<?> system, String name) {
    return dev.tandem.cluster.hotwarm.internal.HotWarmNode.get(system).standbySequenceNr("HotWarm|" + name);
  }

  static void checkCluster(Config config, HotWarmSettings settings) {
    String provider = config.getString("pekko.actor.provider");
    if (!provider.equals("cluster") && !provider.endsWith("ClusterActorRefProvider")) {
      throw new HotWarmConfigurationException(
          "hot-warm singletons need a cluster: pekko.actor.provider = \"" + provider
              + "\", set it to \"cluster\"");
    }
    if (settings.requireDowning() && config.getString("pekko.cluster.downing-provider-class").isBlank()) {
      throw new HotWarmConfigurationException(
          "refusing to start a hot-warm singleton without downing: pekko.cluster.downing-provider-class"
              + " is empty, so a crashed active's node would never be removed and no standby would ever"
              + " take over. Set it to \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\" (or"
              + " use DowningPreset.BALANCED.config()), or set tandem.hotwarm.require-downing = off if"
              + " something else downs nodes");
    }
  }
}
