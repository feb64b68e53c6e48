package dev.tandem.cluster.hotwarm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Locale;

/**
 * Named failure-handling timings (failure detector, gossip, Split Brain Resolver keep-majority,
 * crash probe), defined in {@code tandem.hotwarm.downing-presets}. Put one in front of your config
 * when you create the ActorSystem:
 *
 * <pre>{@code
 * Config config = DowningPreset.FAST.config().withFallback(ConfigFactory.load());
 * ActorSystem.create(guardian, "app", config);
 * }</pre>
 *
 * A crashed process is detected by the crash probe in all three; they differ in how soon a silent
 * node (paused, overloaded, cut off) is downed, which is also how long a pause they tolerate before
 * an unneeded takeover. {@link #BALANCED} is what tandem-cluster's reference.conf sets.
 */
public enum DowningPreset {
  /** Silent node downed after about 2.5 s; pauses over 1 s mark it unreachable. */
  FAST,
  /** The default: silent node downed after about 5 s; tolerates 2 s pauses. */
  BALANCED,
  /** Pekko's failure detector timings, 10 s stable-after: downed after about 15 s. */
  CONSERVATIVE;

  /** The preset's settings (keys under {@code pekko.cluster} and {@code tandem.hotwarm}). */
  public Config config() {
    Config reference = ConfigFactory.defaultReference();
    return reference.getConfig("tandem.hotwarm.downing-presets." + name().toLowerCase(Locale.ROOT))
        .withFallback(ConfigFactory.parseString(
            "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"\n"
                + "pekko.cluster.split-brain-resolver.active-strategy = keep-majority"));
  }

  /**
   * The preset named {@code name} (fast, balanced, conservative; any case).
   *
   * @throws IllegalArgumentException listing the names for anything else
   */
  public static DowningPreset named(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "no downing preset \"" + name + "\": use fast, balanced or conservative");
    }
  }
}
