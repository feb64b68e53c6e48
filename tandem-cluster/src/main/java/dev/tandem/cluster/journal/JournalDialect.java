package dev.tandem.cluster.journal;

import java.util.Locale;

/** The databases Tandem's journal set-up knows how to prepare. */
public enum JournalDialect {
  /** H2 2.x, reached over its TCP server ({@code jdbc:h2:tcp://...}). */
  H2("slick.jdbc.H2Profile$", "org.h2.Driver", "jdbc:h2:"),
  /** PostgreSQL 12 or newer. */
  POSTGRES("slick.jdbc.PostgresProfile$", "org.postgresql.Driver", "jdbc:postgresql:");

  private final String slickProfile;
  private final String driver;
  private final String urlPrefix;

  JournalDialect(String slickProfile, String driver, String urlPrefix) {
    this.slickProfile = slickProfile;
    this.driver = driver;
    this.urlPrefix = urlPrefix;
  }

  /** The Slick profile pekko-persistence-jdbc must use for this database. */
  public String slickProfile() {
    return slickProfile;
  }

  /** The JDBC driver class. */
  public String driver() {
    return driver;
  }

  /** Whether {@code url} is a JDBC URL of this database. */
  public boolean accepts(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith(urlPrefix);
  }

  /**
   * The dialect of a JDBC URL.
   *
   * @throws IllegalArgumentException naming {@code tandem.journal.url} for any other database
   */
  public static JournalDialect ofUrl(String url) {
    for (JournalDialect dialect : values()) {
      if (dialect.accepts(url)) {
        return dialect;
      }
    }
    throw new IllegalArgumentException(
        "tandem.journal.url = \""
            + url
            + "\" is neither an H2 (jdbc:h2:tcp://...) nor a PostgreSQL (jdbc:postgresql://...)"
            + " URL");
  }
}
