package dev.tandem.supervision.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.tandem.supervision.RestartIntensity;

/**
 * The {@code tandem.supervision} settings, read once per supervisor start.
 *
 * @param defaultIntensity used when the builder sets none
 * @param stashCapacity messages kept per child while it restarts
 */
public record SupervisionSettings(RestartIntensity defaultIntensity, int stashCapacity) {

  static final String PREFIX = "tandem.supervision.";

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the key that is missing or wrong
   */
  public static SupervisionSettings create(Config config) {
    int maxRestarts = getInt(config, "intensity.max-restarts");
    java.time.Duration within;
    try {
      within = config.getDuration(PREFIX + "intensity.within");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(PREFIX + "intensity.within: " + e.getMessage(), e);
    }
    RestartIntensity intensity;
    try {
      intensity = new RestartIntensity(maxRestarts, within);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + "intensity: " + e.getMessage(), e);
    }
    int stashCapacity = getInt(config, "stash-capacity");
    if (stashCapacity < 0) {
      throw new IllegalArgumentException(
          PREFIX + "stash-capacity must be 0 or more, was " + stashCapacity);
    }
    return new SupervisionSettings(intensity, stashCapacity);
  }

  private static int getInt(Config config, String key) {
    try {
      return config.getInt(PREFIX + key);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(PREFIX + key + ": " + e.getMessage(), e);
    }
  }

  public SupervisionSettings withStashCapacity(int capacity) {
    return new SupervisionSettings(defaultIntensity, capacity);
  }
}
