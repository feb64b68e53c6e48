package dev.tandem.testkit.multinode;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to start one node: its name, cluster roles, extra Pekko configuration, and (for node
 * processes) extra JVM system properties and options. Immutable; a restarted node starts from the
 * same spec.
 *
 * @param name the node's name in reports and logs, e.g. {@code node-2}
 * @param roles Pekko cluster roles; empty keeps whatever the configuration says
 * @param config configuration in front of the cluster's and the kit's defaults
 * @param systemProperties {@code -D} properties for the node's JVM (process mode only)
 * @param jvmOptions JVM options added after the kit's (process mode only)
 */
public record NodeSpec(
    String name, List<String> roles, Config config, Map<String, String> systemProperties, List<String> jvmOptions) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  /**
   * @throws IllegalArgumentException if the name is not letters, digits, '-' and '_'
   */
  public NodeSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "node name '" + name + "' must start with a letter or digit and contain only letters, digits, '-' and '_'");
    }
    roles = List.copyOf(roles);
    Objects.requireNonNull(config, "config");
    systemProperties = Map.copyOf(systemProperties);
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** A node with no roles and no configuration of its own. */
  public static NodeSpec named(String name) {
    return new NodeSpec(name, List.of(), ConfigFactory.empty(), Map.of(), List.of());
  }

  /** Replaces the roles. */
  public NodeSpec withRoles(String... newRoles) {
    return new NodeSpec(name, List.of(newRoles), config, systemProperties, jvmOptions);
  }

  /**
   * Adds HOCON configuration in front of what this spec already has.
   *
   * @throws com.typesafe.config.ConfigException.Parse if {@code hocon} does not parse
   */
  public NodeSpec withConfig(String hocon) {
    return withConfig(ConfigFactory.parseString(hocon));
  }

  /** Adds configuration in front of what this spec already has. */
  public NodeSpec withConfig(Config more) {
    return new NodeSpec(name, roles, more.withFallback(config), systemProperties, jvmOptions);
  }

  /** Adds a {@code -Dkey=value} system property for the node's JVM. */
  public NodeSpec withSystemProperty(String key, String value) {
    Map<String, String> props = new LinkedHashMap<>(systemProperties);
    props.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new NodeSpec(name, roles, config, props, jvmOptions);
  }

  /** Adds JVM options (e.g. {@code -Xmx512m}) after the kit's. */
  public NodeSpec withJvmOptions(String... options) {
    List<String> all = new ArrayList<>(jvmOptions);
    all.addAll(List.of(options));
    return new NodeSpec(name, roles, config, systemProperties, all);
  }
}
