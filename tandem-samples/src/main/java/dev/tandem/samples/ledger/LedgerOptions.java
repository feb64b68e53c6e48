package dev.tandem.samples.ledger;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.tandem.cluster.hotwarm.DowningPreset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line shared by {@link LedgerNode} and {@link LoadClient}, turned into the ActorSystem's
 * configuration. A bad or missing option fails at start with a message naming it.
 *
 * <pre>
 *   --name node-1            this process's name (logs, status file)
 *   --port 25520             cluster port on 127.0.0.1
 *   --seeds 25520,25521      seed nodes' ports on 127.0.0.1
 *   --journal h2|postgres    default h2
 *   --jdbc-url URL           default jdbc:h2:tcp://127.0.0.1:9092/tandem
 *   --jdbc-user U --jdbc-password P
 *   --preset fast|balanced|conservative   failure-detection preset (default balanced)
 *   --run-dir DIR            where status files go (default .tandem/run)
 * </pre>
 */
record LedgerOptions(
    String name,
    int port,
    List<Integer> seeds,
    String journal,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String preset,
    Path runDir,
    Map<String, String> extra) {

  static final String SYSTEM_NAME = "ledger";
  static final String LEDGER_ROLE = "ledger";

  static LedgerOptions parse(String[] args, List<String> extraKeys) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i];
      if (!key.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got '" + key + "'");
      }
      values.put(key.substring(2), args[++i]);
    }
    List<String> known = new ArrayList<>(List.of("name", "port", "seeds", "journal", "jdbc-url", "jdbc-user",
        "jdbc-password", "preset", "run-dir"));
    known.addAll(extraKeys);
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + " (known: --" + String.join(", --", known) + ")");
      }
    }
    String journal = values.getOrDefault("journal", "h2");
    if (!journal.equals("h2") && !journal.equals("postgres")) {
      throw new IllegalArgumentException("--journal must be h2 or postgres (was '" + journal + "')");
    }
    if (journal.equals("postgres") && !values.containsKey("jdbc-url")) {
      throw new IllegalArgumentException("--journal postgres needs --jdbc-url jdbc:postgresql://host:port/db");
    }
    String url = values.getOrDefault("jdbc-url", "jdbc:h2:tcp://127.0.0.1:9092/tandem");
    List<Integer> seeds = new ArrayList<>();
    for (String s : values.getOrDefault("seeds", "").split(",")) {
      if (!s.isBlank()) {
        seeds.add(port("--seeds", s.trim()));
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("--seeds needs at least one port");
    }
    String preset = values.getOrDefault("preset", "balanced");
    DowningPreset.named(preset); // fails naming the preset if unknown
    Map<String, String> extra = new HashMap<>();
    for (String key : extraKeys) {
      if (values.containsKey(key)) {
        extra.put(key, values.get(key));
      }
    }
    return new LedgerOptions(
        values.getOrDefault("name", "node"),
        port("--port", values.getOrDefault("port", "0")),
        List.copyOf(seeds),
        journal,
        url,
        values.getOrDefault("jdbc-user", journal.equals("h2") ? "sa" : "tandem"),
        values.getOrDefault("jdbc-password", journal.equals("h2") ? "" : "tandem"),
        preset,
        Path.of(values.getOrDefault("run-dir", ".tandem/run")),
        Map.copyOf(extra));
  }

  private static int port(String option, String value) {
    try {
      int p = Integer.parseInt(value);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a port number (was '" + value + "')");
    }
  }

  /** The configuration of a cluster member with {@code role} on 127.0.0.1. */
  Config config(String role) {
    StringBuilder seedList = new StringBuilder();
    for (int seed : seeds) {
      seedList.append(seedList.isEmpty() ? "" : ", ")
          .append('"').append("pekko://").append(SYSTEM_NAME).append("@127.0.0.1:").append(seed).append('"');
    }
    boolean postgres = journal.equals("postgres");
    String text = "pekko.actor.provider = cluster\n"
        + "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
        + "pekko.remote.artery.canonical.port = " + port + "\n"
        + "pekko.cluster.seed-nodes = [" + seedList + "]\n"
        + "pekko.cluster.roles = [\"" + role + "\"]\n"
        + "pekko.cluster.jmx.enabled = off\n"
        + "pekko.coordinated-shutdown.exit-jvm = on\n"
        + "tandem.hotwarm.role = \"" + LEDGER_ROLE + "\"\n"
        + "tandem.journal.start-at-boot = " + (role.equals(LEDGER_ROLE) ? "on" : "off") + "\n"
        + "tandem.journal.url = \"" + jdbcUrl + "\"\n"
        + "tandem.journal.user = \"" + jdbcUser + "\"\n"
        + "tandem.journal.password = \"" + jdbcPassword + "\"\n"
        + (postgres ? "tandem.journal.slick-profile = \"slick.jdbc.PostgresProfile$\"\n"
            + "tandem.journal.driver = \"org.postgresql.Driver\"\n" : "");
    // load(overrides) resolves reference.conf's substitutions (the journal URL in the plugin
    // settings) after the overrides are in place. It does not read application.conf by itself:
    // the samples' one (serialization bindings of the scoring jobs, their deadlines, logging) sits
    // behind the options and the preset.
    return ConfigFactory.load(ConfigFactory.parseString(text)
        .withFallback(DowningPreset.named(preset).config())
        .withFallback(ConfigFactory.defaultApplication()));
  }
}
