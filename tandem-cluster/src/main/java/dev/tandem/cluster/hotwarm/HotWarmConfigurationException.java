package dev.tandem.cluster.hotwarm;

/** A hot-warm singleton cannot start with this configuration; the message names the key to fix. */
public final class HotWarmConfigurationException extends IllegalStateException {
  public HotWarmConfigurationException(String message) {
    super(message);
  }
}
