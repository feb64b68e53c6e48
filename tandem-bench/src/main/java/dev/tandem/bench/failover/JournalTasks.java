package dev.tandem.bench.failover;

import dev.tandem.cluster.hotwarm.internal.Journaled;
import dev.tandem.cluster.journal.JournalDialect;
import dev.tandem.cluster.journal.JournalSettings;
import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeTask;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/** Node tasks of the journal-length bench: seeding long journals and timing a raw recovery. */
final class JournalTasks {

  private JournalTasks() {}

  /**
   * Writes {@code events} events straight into the journal, serialized exactly as the subject
   * writes them: for "tandem" a hot-warm singleton's journal (an epoch start, then one applied
   * command per event) under {@code HotWarm|<name>}, for "pekko" {@link RawCounter}'s events under
   * its persistence id, plus a snapshot of the final state if {@code snapshot} is set (raw only).
   * Every seeded event is the same (the counter only counts them; Tandem's seeded commands share
   * one command id), so the database generates the rows itself in one statement: a million take
   * seconds instead of minutes of JDBC batches.
   */
  record Seed(String subject, String name, int events, boolean snapshot) {}

  static final class SeedTask implements NodeTask<Seed, Long> {
    @Override
    public Long run(NodeContext node, Seed seed) throws Exception {
      long started = System.nanoTime();
      Serialization serialization = SerializationExtension.get(Adapter.toClassic(node.system()));
      JournalSettings journal = JournalSettings.create(node.system().settings().config());
      boolean tandem = seed.subject().equals("tandem");
      String pid = tandem ? "HotWarm|" + seed.name() : RawCounter.persistenceId(seed.name());
      BenchCounter.Added added = new BenchCounter.Added(0);
      Object event = tandem ? new Journaled.Applied(1, "seed", added, new Reply(0, "bench-seed"), 0) : added;
      String range = journal.dialect() == JournalDialect.H2
          ? "SYSTEM_RANGE(?, ?) AS r(x)"
          : "generate_series(?::bigint, ?::bigint) AS r(x)";
      try (Connection c = DriverManager.getConnection(journal.url(), journal.user(), journal.password())) {
        c.setAutoCommit(false);
        long first = 1;
        if (tandem) {
          Object epoch = new Journaled.EpochStarted(1, "bench-seed");
          Serializer serializer = serialization.findSerializerFor(epoch);
          try (PreparedStatement insert = c.prepareStatement(
              "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\","
                  + " \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\","
                  + " \"event_ser_manifest\") VALUES (?, 1, 'bench-seed', ?, '', ?, ?, ?)")) {
            insert.setString(1, pid);
            insert.setLong(2, System.currentTimeMillis());
            insert.setBytes(3, serializer.toBinary(epoch));
            insert.setInt(4, serializer.identifier());
            insert.setString(5, Serializers.manifestFor(serializer, epoch));
            insert.executeUpdate();
          }
          first = 2;
        }
        long last = first + seed.events() - 1;
        Serializer serializer = serialization.findSerializerFor(event);
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\","
                + " \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\","
                + " \"event_ser_manifest\") SELECT ?, x, 'bench-seed', ?, '', ?, ?, ? FROM " + range)) {
          insert.setString(1, pid);
          insert.setLong(2, System.currentTimeMillis());
          insert.setBytes(3, serializer.toBinary(event));
          insert.setInt(4, serializer.identifier());
          insert.setString(5, Serializers.manifestFor(serializer, event));
          insert.setLong(6, first);
          insert.setLong(7, last);
          int rows = insert.executeUpdate();
          if (rows != seed.events()) {
            throw new IllegalStateException("seeded " + rows + " rows for " + pid + ", not " + seed.events());
          }
        }
        if (seed.snapshot() && !tandem) {
          BenchCounter.Count state = new BenchCounter.Count(seed.events());
          Serializer snapshotSerializer = serialization.findSerializerFor(state);
          try (PreparedStatement snapshot = c.prepareStatement(
              "INSERT INTO \"snapshot\" (\"persistence_id\", \"sequence_number\", \"created\","
                  + " \"snapshot_ser_id\", \"snapshot_ser_manifest\", \"snapshot_payload\")"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
            snapshot.setString(1, pid);
            snapshot.setLong(2, last);
            snapshot.setLong(3, System.currentTimeMillis());
            snapshot.setInt(4, snapshotSerializer.identifier());
            snapshot.setString(5, Serializers.manifestFor(snapshotSerializer, state));
            snapshot.setBytes(6, snapshotSerializer.toBinary(state));
            snapshot.executeUpdate();
          }
        }
        c.commit();
      }
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
  }

  /**
   * What a raw Pekko singleton does when it is promoted on a new node: start the behavior, recover,
   * serve the first command. Times it from the start to the first reply, then stops the instance
   * and waits until it has stopped, so trials never overlap.
   */
  record RawRecovery(String name, boolean useSnapshots, long seeded) {}

  static final class RawRecoveryTask implements NodeTask<RawRecovery, Double> {
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    public Double run(NodeContext node, RawRecovery r) throws Exception {
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      long start = System.nanoTime();
      ActorRef<RawCounter.Command> counter = node.spawn(
          watched(RawCounter.create(r.name(), r.useSnapshots()), stopped),
          "raw-recovery-" + RUNS.incrementAndGet());
      Reply first = AskPattern.ask(counter, RawCounter.Add::new, java.time.Duration.ofMinutes(10),
              node.system().scheduler())
          .toCompletableFuture().get(10, TimeUnit.MINUTES);
      double ms = (System.nanoTime() - start) / 1e6;
      counter.tell(new RawCounter.Stop());
      stopped.get(60, TimeUnit.SECONDS);
      if (first.value() <= r.seeded()) {
        throw new IllegalStateException("raw counter " + r.name() + " answered " + first + " after recovering, but "
            + r.seeded() + " events were seeded");
      }
      return ms;
    }

    /** The counter as a child, so its parent can tell when it has stopped. */
    private static Behavior<RawCounter.Command> watched(Behavior<RawCounter.Command> counter,
        CompletableFuture<Void> stopped) {
      return Behaviors.setup(ctx -> {
        ActorRef<RawCounter.Command> child = ctx.spawn(counter, "counter");
        ctx.watch(child);
        return Behaviors.receive(RawCounter.Command.class)
            .onMessage(RawCounter.Command.class, command -> {
              child.tell(command);
              return Behaviors.same();
            })
            .onSignal(Terminated.class, t -> {
              stopped.complete(null);
              return Behaviors.stopped();
            })
            .build();
      });
    }
  }
}
