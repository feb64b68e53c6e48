package dev.tandem.cluster.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.tandem.cluster.journal.JournalServer;
import dev.tandem.cluster.journal.JournalSettings;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Tandem's journal DAOs read events in primary-key order: a recovery and a standby's {@code
 * eventsByPersistenceId} get every event, in order, across many read batches, on H2 and (when
 * {@code TANDEM_PG_URL} is set) PostgreSQL; and on H2 the query is answered from the index, not by
 * sorting (the reason for these DAOs).
 */
class EventRowsTest {

  private static final int EVENTS = 1_234;
  private static JournalServer h2;

  @BeforeAll
  static void startH2() throws Exception {
    h2 = JournalServer.start(0, Files.createTempDirectory("tandem-event-rows"), "rows");
  }

  @AfterAll
  static void stopH2() {
    h2.close();
  }

  static Stream<String> journals() {
    String pg = System.getenv("TANDEM_PG_URL");
    return pg == null || pg.isEmpty() ? Stream.of("h2") : Stream.of("h2", "postgres");
  }

  private static Config config(String journal) {
    String journalConfig = journal.equals("h2")
        ? "tandem.journal.url = \"" + h2.url() + "\"\n"
        : "tandem.journal { url = \"" + System.getenv("TANDEM_PG_URL") + "\", user = tandem, password = tandem,"
            + " slick-profile = \"slick.jdbc.PostgresProfile$\", driver = \"org.postgresql.Driver\" }\n";
    // Small read batches, so 1,234 events take many round trips and a batch boundary in the wrong
    // place would show as a gap or a repeat.
    return ConfigFactory.parseString(journalConfig
            + "tandem.journal.write-plugin.replayBatchSize = 50\n"
            + "tandem.journal.query-plugin.max-buffer-size = 50\n"
            + "pekko.actor.provider = local\n")
        .withFallback(ConfigFactory.parseResources("tandem-testkit-defaults.conf"))
        // unresolved, so that tandem.journal.url above reaches the substitutions in reference.conf
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve();
  }

  /** Appends the numbers it is told to a list; the list is its state. */
  static final class Appender extends EventSourcedBehavior<Appender.Command, Long, List<Long>> {
    sealed interface Command {}

    record Append(long value, ActorRef<Done> replyTo) implements Command {}

    record Read(ActorRef<List<Long>> replyTo) implements Command {}

    Appender(String persistenceId) {
      super(PersistenceId.ofUniqueId(persistenceId));
    }

    @Override
    public String journalPluginId() {
      return JournalSettings.WRITE_PLUGIN_ID;
    }

    @Override
    public String snapshotPluginId() {
      return JournalSettings.SNAPSHOT_PLUGIN_ID;
    }

    @Override
    public List<Long> emptyState() {
      return new ArrayList<>();
    }

    @Override
    public CommandHandler<Command, Long, List<Long>> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(Append.class, (state, a) -> Effect().persist(a.value()).thenReply(a.replyTo(), s -> Done.getInstance()))
          .onCommand(Read.class, (state, r) -> Effect().reply(r.replyTo(), List.copyOf(state)))
          .build();
    }

    @Override
    public EventHandler<List<Long>, Long> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onAnyEvent((state, value) -> {
        state.add(value);
        return state;
      });
    }
  }

  private static List<Long> expected(long from) {
    return LongStream.rangeClosed(from, EVENTS).map(i -> i * 7).boxed().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journals")
  @DisplayName("a recovery and eventsByPersistenceId return every event once, in order, across read batches")
  void replaysInOrder(String journal) throws Exception {
    ActorTestKit kit = ActorTestKit.create("event-rows", config(journal));
    try {
      String pid = "rows-" + UUID.randomUUID();
      ActorRef<Appender.Command> writer = kit.spawn(new Appender(pid));
      TestProbe<Done> acks = kit.createTestProbe();
      for (long i = 1; i <= EVENTS; i++) {
        writer.tell(new Appender.Append(i * 7, acks.getRef()));
      }
      acks.receiveSeveralMessages(EVENTS, Duration.ofSeconds(60));
      kit.stop(writer);

      ActorRef<Appender.Command> recovered = kit.spawn(new Appender(pid));
      TestProbe<List<Long>> state = kit.createTestProbe();
      recovered.tell(new Appender.Read(state.getRef()));
      assertEquals(expected(1), state.receiveMessage(Duration.ofSeconds(60)), "state after a cold recovery");

      JdbcReadJournal query = PersistenceQuery.get(kit.system())
          .getReadJournalFor(JdbcReadJournal.class, JournalSettings.QUERY_PLUGIN_ID);
      List<EventEnvelope> tail = query.currentEventsByPersistenceId(pid, 500, Long.MAX_VALUE)
          .runWith(Sink.seq(), kit.system())
          .toCompletableFuture()
          .get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(LongStream.rangeClosed(500, EVENTS).boxed().toList(),
          tail.stream().map(EventEnvelope::sequenceNr).toList(), "sequence numbers from 500");
      assertEquals(expected(500), tail.stream().map(e -> (Long) e.event()).toList(), "events from 500");
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  @DisplayName("on H2 the replay query reads the primary key in order instead of sorting the journal")
  void h2ReadsTheIndexInOrder() throws Exception {
    EventJournalTableConfiguration table =
        new EventJournalTableConfiguration(config("h2").getConfig("tandem.journal.write-plugin"));
    try (Connection c = DriverManager.getConnection(h2.url(), "sa", "");
        PreparedStatement explain = c.prepareStatement("EXPLAIN " + EventRows.selectSql(table))) {
      explain.setString(1, "p");
      explain.setLong(2, 1);
      explain.setLong(3, Long.MAX_VALUE);
      explain.setLong(4, 400);
      try (ResultSet plan = explain.executeQuery()) {
        assertTrue(plan.next());
        String text = plan.getString(1);
        assertTrue(text.contains("PRIMARY_KEY") && text.contains("index sorted"), text);
      }
    }
  }
}
