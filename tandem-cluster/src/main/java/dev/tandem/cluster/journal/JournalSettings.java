package dev.tandem.cluster.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The journal set-up read once from {@code tandem.journal} (see {@code reference.conf} for every
 * key). The database is chosen by the URL alone; the Slick profile and driver must match it, and a
 * mismatch fails at start with the key to fix.
 *
 * @param url the JDBC URL every node uses ({@code tandem.journal.url})
 * @param user database user ({@code tandem.journal.user})
 * @param password database password ({@code tandem.journal.password})
 * @param createSchema create the tables at boot if missing ({@code tandem.journal.create-schema})
 * @param startAtBoot start the journal plugins when the ActorSystem starts, not at first use
 *     ({@code tandem.journal.start-at-boot})
 * @param connectTimeout how long boot waits for the database before going on without it ({@code
 *     tandem.journal.connect-timeout})
 */
public record JournalSettings(
    String url,
    String user,
    String password,
    boolean createSchema,
    boolean startAtBoot,
    Duration connectTimeout) {

  /** The journal plugin id Tandem configures (a config path). */
  public static final String WRITE_PLUGIN_ID = "tandem.journal.write-plugin";
  /** The snapshot store plugin id. */
  public static final String SNAPSHOT_PLUGIN_ID = "tandem.journal.snapshot-plugin";
  /** The read journal (persistence query) plugin id. */
  public static final String QUERY_PLUGIN_ID = "tandem.journal.query-plugin";

  public JournalSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    JournalDialect.ofUrl(url);
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("tandem.journal.connect-timeout must be positive");
    }
  }

  /** The database named by {@link #url()}. */
  public JournalDialect dialect() {
    return JournalDialect.ofUrl(url);
  }

  /**
   * Reads {@code tandem.journal} from a full config (the ActorSystem's) and checks that the Slick
   * profile and driver fit the URL.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or wrong
   */
  public static JournalSettings create(Config config) {
    try {
      Config c = config.getConfig("tandem.journal");
      JournalSettings settings =
          new JournalSettings(
              c.getString("url"),
              c.getString("user"),
              c.getString("password"),
              c.getBoolean("create-schema"),
              c.getBoolean("start-at-boot"),
              c.getDuration("connect-timeout"));
      JournalDialect dialect = settings.dialect();
      requireMatch(c.getString("slick-profile"), dialect.slickProfile(), "tandem.journal.slick-profile", dialect);
      requireMatch(c.getString("driver"), dialect.driver(), "tandem.journal.driver", dialect);
      return settings;
    } catch (ConfigException e) {
      throw new IllegalArgumentException("bad journal configuration: " + e.getMessage(), e);
    }
  }

  private static void requireMatch(String actual, String expected, String key, JournalDialect dialect) {
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(
          key
              + " = \""
              + actual
              + "\" does not fit tandem.journal.url, which names a "
              + dialect.name().toLowerCase(Locale.ROOT)
              + " database: set "
              + key
              + " = \""
              + expected
              + "\"");
    }
  }

  public JournalSettings withUrl(String url) {
    return new JournalSettings(url, user, password, createSchema, startAtBoot, connectTimeout);
  }

  public JournalSettings withUser(String user) {
    return new JournalSettings(url, user, password, createSchema, startAtBoot, connectTimeout);
  }

  public JournalSettings withPassword(String password) {
    return new JournalSettings(url, user, password, createSchema, startAtBoot, connectTimeout);
  }

  public JournalSettings withCreateSchema(boolean createSchema) {
    return new JournalSettings(url, user, password, createSchema, startAtBoot, connectTimeout);
  }

  public JournalSettings withStartAtBoot(boolean startAtBoot) {
    return new JournalSettings(url, user, password, createSchema, startAtBoot, connectTimeout);
  }

  public JournalSettings withConnectTimeout(Duration connectTimeout) {
    return new JournalSettings(url, user, password, createSchema, startAtBoot, connectTimeout);
  }
}
