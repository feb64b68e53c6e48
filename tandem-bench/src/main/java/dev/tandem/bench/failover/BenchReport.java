package dev.tandem.bench.failover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The failover bench's results: one {@code BENCH} line per metric on standard output as each
 * metric completes, and at the end {@code benchmarks.md} (tables) and {@code benchmarks.json}
 * (every measured value) in the output directory. Text below the notes marker of an existing
 * {@code benchmarks.md} is kept, so hand-written analysis survives a re-run.
 */
final class BenchReport {

  static final String NOTES_MARKER = "<!-- notes: everything below this line is kept when the bench rewrites this file -->";

  /**
   * One metric: Tandem's and raw Pekko's series (either may be absent), and the goal it is judged
   * against.
   *
   * @param name the BENCH metric name
   * @param unit the unit of both series
   * @param tandem Tandem's values
   * @param statistic which statistic of the series the BENCH line and the results table show
   * @param pekko raw Pekko's values, empty where Pekko has no such thing ({@code pekko=na})
   * @param goal the target in words
   * @param met whether the target is met, judged from the medians; empty if it cannot be judged here
   * @param detail more figures for the tables
   */
  record Metric(String name, String unit, Statistic statistic, Stats tandem, Optional<Stats> pekko,
      String goal, Optional<Boolean> met, Map<String, Object> detail) {

    double tandemValue() {
      return statistic.of(tandem);
    }

    Optional<Double> pekkoValue() {
      return pekko.map(statistic::of);
    }

    Optional<Double> ratio() {
      return pekkoValue().filter(p -> p > 0).map(p -> tandemValue() / p);
    }

    String benchLine() {
      StringBuilder b = new StringBuilder("BENCH ").append(name)
          .append(" tandem=").append(format(tandemValue())).append(unit)
          .append(" pekko=").append(pekkoValue().map(p -> format(p) + unit).orElse("na"))
          .append(" ratio=").append(ratio().map(r -> String.format(Locale.ROOT, "%.2f", r)).orElse("na"))
          .append(" n=").append(tandem.n());
      pekko.filter(p -> p.n() != tandem.n()).ifPresent(p -> b.append(" pekko_n=").append(p.n()));
      return b.toString();
    }
  }

  /** The statistic a metric is quoted by. */
  enum Statistic {
    MEDIAN,
    P99;

    double of(Stats stats) {
      return this == MEDIAN ? stats.median() : stats.p99();
    }
  }

  private final List<Metric> metrics = new ArrayList<>();
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);

  /** Records a metric and prints its BENCH line at once. */
  void add(Metric metric) {
    metrics.add(metric);
    System.out.println(metric.benchLine());
    System.out.flush();
  }

  /** Records more measured data for the JSON file (trial-by-trial figures, reports). */
  void extra(String key, Object value) {
    extra.put(key, value);
  }

  List<Metric> metrics() {
    return metrics;
  }

  static String format(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** Writes benchmarks.md and benchmarks.json into {@code dir}. */
  void write(Path dir, FailoverOptions options, String journal, double minutes) throws IOException {
    Files.createDirectories(dir);
    Map<String, String> machine = machine();
    Map<String, String> versions = versions();
    String date = started.format(DateTimeFormatter.ISO_LOCAL_DATE);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", started.toString());
    json.put("mode", options.quick() ? "quick" : "full");
    json.put("journal", journal);
    json.put("minutes", Math.round(minutes * 10) / 10.0);
    json.put("machine", machine);
    json.put("versions", versions);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Metric m : metrics) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", m.name());
      entry.put("unit", m.unit());
      entry.put("statistic", m.statistic().name().toLowerCase(Locale.ROOT));
      entry.put("tandem", m.tandem());
      entry.put("pekko", m.pekko().orElse(null));
      entry.put("ratio", m.ratio().orElse(null));
      entry.put("goal", m.goal());
      entry.put("met", m.met().orElse(null));
      entry.put("detail", m.detail());
      list.add(entry);
    }
    json.put("metrics", list);
    json.put("data", extra);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("benchmarks.json").toFile(), json);

    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks: Tandem against raw Pekko\n\n");
    md.append("Written by `bin/tandem bench failover").append(options.quick() ? " --quick" : "")
        .append("` on ").append(date).append(" (").append(options.quick() ? "quick" : "full")
        .append(" run, ").append(String.format(Locale.ROOT, "%.0f", minutes)).append(" minutes, journal: ")
        .append(journal).append("). Every value was measured in this one run, Tandem and raw Pekko side by side;")
        .append(" every trial's figures are in [benchmarks.json](benchmarks.json).\n\n");
    md.append("Re-run: `bin/tandem bench failover` (the full run, which rewrites this file) or")
        .append(" `bin/tandem bench failover --quick` (under 10 minutes, written to `.tandem/bench/`).\n\n");
    md.append("| machine | |\n| --- | --- |\n");
    machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    versions.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Results\n\n");
    md.append("| metric | statistic | Tandem | raw Pekko | Tandem / Pekko | n | goal | met |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Metric m : metrics) {
      md.append("| `").append(m.name()).append("` | ").append(m.statistic().name().toLowerCase(Locale.ROOT))
          .append(" | ").append(format(m.tandemValue())).append(' ').append(m.unit())
          .append(" | ").append(m.pekkoValue().map(p -> format(p) + " " + m.unit()).orElse("n/a"))
          .append(" | ").append(m.ratio().map(r -> String.format(Locale.ROOT, "%.2f", r)).orElse("n/a"))
          .append(" | ").append(m.tandem().n()).append(m.pekko().filter(p -> p.n() != m.tandem().n())
              .map(p -> " / " + p.n()).orElse(""))
          .append(" | ").append(m.goal())
          .append(" | ").append(m.met().map(ok -> ok ? "yes" : "**no**").orElse("—")).append(" |\n");
    }
    md.append("\n## Spread\n\n");
    md.append("| metric | Tandem median / p90 / p99 / max | raw Pekko median / p90 / p99 / max |\n| --- | --- | --- |\n");
    for (Metric m : metrics) {
      md.append("| `").append(m.name()).append("` | ").append(spread(m.tandem(), m.unit()))
          .append(" | ").append(m.pekko().map(p -> spread(p, m.unit())).orElse("n/a")).append(" |\n");
    }
    md.append("\n## Details\n\n");
    for (Metric m : metrics) {
      if (!m.detail().isEmpty()) {
        md.append("- `").append(m.name()).append("`: ");
        List<String> parts = new ArrayList<>();
        m.detail().forEach((k, v) -> parts.add(k + " " + v));
        md.append(String.join("; ", parts)).append("\n");
      }
    }
    md.append("\n").append(NOTES_MARKER).append("\n");
    Path mdFile = dir.resolve("benchmarks.md");
    if (Files.exists(mdFile)) {
      String old = Files.readString(mdFile, StandardCharsets.UTF_8);
      int at = old.indexOf(NOTES_MARKER);
      if (at >= 0) {
        md.append(old.substring(at + NOTES_MARKER.length()).replaceFirst("^\n", ""));
      }
    }
    Files.writeString(mdFile, md.toString(), StandardCharsets.UTF_8);
  }

  private static String spread(Stats s, String unit) {
    return format(s.median()) + " / " + format(s.p90()) + " / " + format(s.p99()) + " / " + format(s.max()) + " " + unit;
  }

  private static Map<String, String> machine() {
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"));
    machine.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal")
        .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1048576.0))
        .orElse("unknown"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    return machine;
  }

  private static Optional<String> firstValue(Path file, String key) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The versions Maven built the bench with (a filtered resource). */
  static Map<String, String> versions() {
    Properties properties = new Properties();
    try (InputStream in = BenchReport.class.getResourceAsStream("/dev/tandem/bench/versions.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // reported as unknown below
    }
    Map<String, String> versions = new LinkedHashMap<>();
    for (String key : List.of("tandem", "pekko", "pekko-persistence-jdbc", "h2", "postgresql-driver")) {
      versions.put(key, properties.getProperty(key, "unknown"));
    }
    return versions;
  }
}
