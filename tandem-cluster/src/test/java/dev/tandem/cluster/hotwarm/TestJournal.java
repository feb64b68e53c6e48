package dev.tandem.cluster.hotwarm;

import java.util.ArrayList;
import java.util.List;

/**
 * The journals the hot-warm tests run against: always H2 (a TCP server the fixture starts), and
 * PostgreSQL when {@code TANDEM_PG_URL} is set (CI runs {@code .ci/postgres}, which prints it).
 */
enum TestJournal {
  H2,
  POSTGRES;

  static String postgresUrl() {
    String url = System.getenv("TANDEM_PG_URL");
    return url == null ? "" : url;
  }

  /** H2 only: for the in-process variants, whose PostgreSQL runs the real-JVM tests cover. */
  static List<TestJournal> h2() {
    return List.of(H2);
  }

  /** The journals to run parameterized tests against here. */
  static List<TestJournal> available() {
    List<TestJournal> journals = new ArrayList<>(List.of(H2));
    if (!postgresUrl().isEmpty()) {
      journals.add(POSTGRES);
    } else {
      System.err.println("TANDEM_PG_URL not set: hot-warm tests run against H2 only (run .ci/postgres)");
    }
    return journals;
  }
}
