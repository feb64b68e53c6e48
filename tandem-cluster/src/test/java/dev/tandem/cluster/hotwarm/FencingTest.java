package dev.tandem.cluster.hotwarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.cluster.hotwarm.internal.Journaled;
import dev.tandem.cluster.journal.JournalSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Split brain at its worst: two separate clusters, each with its own active, sharing one journal.
 * The journal must let only one of them write from the moment the second one takes over.
 */
class FencingTest {

  @ParameterizedTest(name = "{0}")
  @DisplayName("a stale active's write is refused by the journal, it stops itself and says so; the journal has one writer per epoch")
  @MethodSource("dev.tandem.cluster.hotwarm.TestJournal#available")
  void staleActiveIsFenced(TestJournal journal) throws Exception {
    try (TestCluster cluster = new TestCluster(journal)) {
      ActorSystem<Void> x = cluster.node("fenceX", "");
      ActorSystem<Void> y = cluster.node("fenceY", "");
      cluster.join(x, x);
      cluster.join(y, y); // its own cluster: the partition never heals
      HotWarmSettings shortDeadline =
          HotWarmSettings.create(x.settings().config()).withDeadline(Duration.ofSeconds(3));
      HotWarmSpec<Counter.Command, Counter.Event, Counter.State, Counter.Reply> spec =
          HotWarmSpec.of("fence", Counter::create).standbys(0).withSettings(shortDeadline);

      HotWarmRef<Counter.Command, Counter.Reply> viaX = HotWarm.init(x, spec);
      for (int i = 1; i <= 20; i++) {
        assertEquals(i, viaX.ask("x-" + i, new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS).adds());
      }
      TestProbe<ActiveFenced> fencedOnX = cluster.kitOf(x).createTestProbe();
      x.eventStream().tell(new EventStream.Subscribe<>(ActiveFenced.class, fencedOnX.getRef()));

      // A second active appears (the other side of a partition) and takes over: epoch 2.
      HotWarmRef<Counter.Command, Counter.Reply> viaY = HotWarm.init(y, spec);
      assertEquals(21, viaY.ask("y-1", new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS).adds());

      // The stale active tries to write: refused, it stops, the command is never acknowledged.
      CompletionException stale = assertThrows(CompletionException.class,
          () -> viaX.ask("x-stale", new Counter.Add(100)).toCompletableFuture().join());
      assertInstanceOf(CommandOutcomeUnknown.class, stale.getCause());
      ActiveFenced fenced = fencedOnX.expectMessageClass(ActiveFenced.class, Duration.ofSeconds(10));
      assertEquals(1, fenced.staleEpoch());
      assertEquals(2, fenced.newerEpoch());

      // The new active goes on; the stale command left no trace.
      assertEquals(new Counter.Reply(22, 22), viaY.ask("y-2", new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS));

      // The journal's own history: epochs never go backwards, so no stale write after a takeover.
      JdbcReadJournal readJournal = PersistenceQuery.get(y).getReadJournalFor(JdbcReadJournal.class, JournalSettings.QUERY_PLUGIN_ID);
      List<EventEnvelope> events = readJournal.currentEventsByPersistenceId("HotWarm|fence", 0, Long.MAX_VALUE)
          .runWith(Sink.seq(), y).toCompletableFuture().get(30, TimeUnit.SECONDS);
      long epoch = 0;
      int epochStarts = 0;
      for (EventEnvelope envelope : events) {
        Journaled journaled = (Journaled) envelope.event();
        assertTrue(journaled.epoch() >= epoch, "epoch went back at seqNr " + envelope.sequenceNr());
        epoch = journaled.epoch();
        if (journaled instanceof Journaled.EpochStarted) {
          epochStarts++;
        }
      }
      assertEquals(2, epochStarts);
      assertEquals(24, events.size()); // 2 epoch starts + 22 adds
    }
  }
}
