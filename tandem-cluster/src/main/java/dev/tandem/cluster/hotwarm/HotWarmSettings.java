package dev.tandem.cluster.hotwarm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of hot-warm singletons, read once from {@code tandem.hotwarm} (every key is documented in
 * {@code reference.conf}).
 *
 * @param standbys default number of warm standbys ({@code standbys})
 * @param role role the active and standbys run on, "" for any ({@code role})
 * @param requireDowning refuse to start without a downing provider ({@code require-downing})
 * @param bufferSize client proxy buffer per singleton and node ({@code client.buffer-size})
 * @param deadline how long the client proxy retries a command ({@code client.deadline})
 * @param retryInterval how often it resends ({@code client.retry-interval})
 * @param rememberedCommands command ids remembered for at-most-once, at least ({@code
 *     remembered-commands})
 * @param rememberedFor how long an applied command id is remembered, at least, measured on the
 *     active's clock; not shorter than {@code client.deadline} ({@code remembered-for})
 * @param activeMinBackoff first restart delay after a journal failure ({@code active.min-backoff})
 * @param activeMaxBackoff largest restart delay ({@code active.max-backoff})
 * @param standbyRestartBackoff restart delay of a failed standby ({@code standby.restart-backoff})
 * @param removalMargin wait after the old node's removal ({@code takeover.removal-margin})
 * @param handOverRetryInterval graceful hand-over retry ({@code takeover.hand-over-retry-interval})
 * @param crashProbe whether to probe members' ports ({@code crash-probe.enabled})
 * @param crashProbeInterval probe period ({@code crash-probe.interval})
 * @param crashProbeConnectTimeout probe connect timeout ({@code crash-probe.connect-timeout})
 */
public record HotWarmSettings(
    int standbys,
    String role,
    boolean requireDowning,
    int bufferSize,
    Duration deadline,
    Duration retryInterval,
    int rememberedCommands,
    Duration rememberedFor,
    Duration activeMinBackoff,
    Duration activeMaxBackoff,
    Duration standbyRestartBackoff,
    Duration removalMargin,
    Duration handOverRetryInterval,
    boolean crashProbe,
    Duration crashProbeInterval,
    Duration crashProbeConnectTimeout) {

  public HotWarmSettings {
    Objects.requireNonNull(role, "role");
    atLeast(standbys, 0, "tandem.hotwarm.standbys");
    atLeast(bufferSize, 1, "tandem.hotwarm.client.buffer-size");
    atLeast(rememberedCommands, 1, "tandem.hotwarm.remembered-commands");
    positive(deadline, "tandem.hotwarm.client.deadline");
    positive(retryInterval, "tandem.hotwarm.client.retry-interval");
    positive(rememberedFor, "tandem.hotwarm.remembered-for");
    if (rememberedFor.compareTo(deadline) < 0) {
      // The proxy retries a command until its deadline: an id forgotten sooner could apply twice.
      throw new IllegalArgumentException("tandem.hotwarm.remembered-for (" + rememberedFor
          + ") must not be shorter than tandem.hotwarm.client.deadline (" + deadline + ")");
    }
    positive(activeMinBackoff, "tandem.hotwarm.active.min-backoff");
    positive(activeMaxBackoff, "tandem.hotwarm.active.max-backoff");
    positive(standbyRestartBackoff, "tandem.hotwarm.standby.restart-backoff");
    positive(removalMargin, "tandem.hotwarm.takeover.removal-margin");
    positive(handOverRetryInterval, "tandem.hotwarm.takeover.hand-over-retry-interval");
    positive(crashProbeInterval, "tandem.hotwarm.crash-probe.interval");
    positive(crashProbeConnectTimeout, "tandem.hotwarm.crash-probe.connect-timeout");
    if (activeMaxBackoff.compareTo(activeMinBackoff) < 0) {
      throw new IllegalArgumentException(
          "tandem.hotwarm.active.max-backoff must not be below tandem.hotwarm.active.min-backoff");
    }
  }

  /**
   * Reads {@code tandem.hotwarm} from a full config.
   *
   * @throws IllegalArgumentException naming the key that is missing or wrong
   */
  public static HotWarmSettings create(Config config) {
    try {
      Config c = config.getConfig("tandem.hotwarm");
      return new HotWarmSettings(
          c.getInt("standbys"),
          c.getString("role"),
          c.getBoolean("require-downing"),
          c.getInt("client.buffer-size"),
          c.getDuration("client.deadline"),
          c.getDuration("client.retry-interval"),
          c.getInt("remembered-commands"),
          c.getDuration("remembered-for"),
          c.getDuration("active.min-backoff"),
          c.getDuration("active.max-backoff"),
          c.getDuration("standby.restart-backoff"),
          c.getDuration("takeover.removal-margin"),
          c.getDuration("takeover.hand-over-retry-interval"),
          c.getBoolean("crash-probe.enabled"),
          c.getDuration("crash-probe.interval"),
          c.getDuration("crash-probe.connect-timeout"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("bad hot-warm configuration: " + e.getMessage(), e);
    }
  }

  private static void atLeast(int value, int min, String key) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
    }
  }

  private static void positive(Duration value, String key) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }

  public HotWarmSettings withStandbys(int standbys) {
    return new HotWarmSettings(standbys, role, requireDowning, bufferSize, deadline, retryInterval, rememberedCommands, rememberedFor, activeMinBackoff, activeMaxBackoff, standbyRestartBackoff, removalMargin, handOverRetryInterval, crashProbe, crashProbeInterval, crashProbeConnectTimeout);
  }

  public HotWarmSettings withRole(String role) {
    return new HotWarmSettings(standbys, role, requireDowning, bufferSize, deadline, retryInterval, rememberedCommands, rememberedFor, activeMinBackoff, activeMaxBackoff, standbyRestartBackoff, removalMargin, handOverRetryInterval, crashProbe, crashProbeInterval, crashProbeConnectTimeout);
  }

  public HotWarmSettings withBufferSize(int bufferSize) {
    return new HotWarmSettings(standbys, role, requireDowning, bufferSize, deadline, retryInterval, rememberedCommands, rememberedFor, activeMinBackoff, activeMaxBackoff, standbyRestartBackoff, removalMargin, handOverRetryInterval, crashProbe, crashProbeInterval, crashProbeConnectTimeout);
  }

  public HotWarmSettings withDeadline(Duration deadline) {
    return new HotWarmSettings(standbys, role, requireDowning, bufferSize, deadline, retryInterval, rememberedCommands, rememberedFor, activeMinBackoff, activeMaxBackoff, standbyRestartBackoff, removalMargin, handOverRetryInterval, crashProbe, crashProbeInterval, crashProbeConnectTimeout);
  }

  public HotWarmSettings withRetryInterval(Duration retryInterval) {
    return new HotWarmSettings(standbys, role, requireDowning, bufferSize, deadline, retryInterval, rememberedCommands, rememberedFor, activeMinBackoff, activeMaxBackoff, standbyRestartBackoff, removalMargin, handOverRetryInterval, crashProbe, crashProbeInterval, crashProbeConnectTimeout);
  }

  public HotWarmSettings withRememberedCommands(int rememberedCommands) {
    return new HotWarmSettings(standbys, role, requireDowning, bufferSize, deadline, retryInterval, rememberedCommands, rememberedFor, activeMinBackoff, activeMaxBackoff, standbyRestartBackoff, removalMargin, handOverRetryInterval, crashProbe, crashProbeInterval, crashProbeConnectTimeout);
  }

  public HotWarmSettings withRememberedFor(Duration rememberedFor) {
    return new HotWarmSettings(standbys, role, requireDowning, bufferSize, deadline, retryInterval, rememberedCommands, rememberedFor, activeMinBackoff, activeMaxBackoff, standbyRestartBackoff, removalMargin, handOverRetryInterval, crashProbe, crashProbeInterval, crashProbeConnectTimeout);
  }

  public HotWarmSettings withCrashProbe(boolean crashProbe) {
    return new HotWarmSettings(standbys, role, requireDowning, bufferSize, deadline, retryInterval, rememberedCommands, rememberedFor, activeMinBackoff, activeMaxBackoff, standbyRestartBackoff, removalMargin, handOverRetryInterval, crashProbe, crashProbeInterval, crashProbeConnectTimeout);
  }
}
