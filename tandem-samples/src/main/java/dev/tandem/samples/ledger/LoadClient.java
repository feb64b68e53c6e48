package dev.tandem.samples.ledger;

import dev.tandem.testkit.history.CheckResult;
import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.HistoryRecorder;
import dev.tandem.testkit.history.Invocation;
import dev.tandem.testkit.history.NoDuplicateWrites;
import dev.tandem.testkit.history.NoLostWrites;
import dev.tandem.testkit.history.SingleWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The ledger's load client: a cluster member (role {@code client}, so it never hosts the ledger)
 * that sends transfers with ids to the nodes' {@link TransferDesk}s from several client threads for
 * {@code --seconds}, records every attempt in a history (the test kit's {@link HistoryRecorder}),
 * retries an unknown outcome with the same id on another desk, and at the end judges the run:
 * {@link NoLostWrites} and {@link NoDuplicateWrites} against the transfer ids in the journal, {@link
 * SingleWriter} against the journal's epochs, and the invariant (the balances sum to {@link
 * Ledger#TOTAL}, and replaying the journal gives the ledger's balances).
 *
 * <p>Prints {@code TANDEM-LOAD RUNNING} when the first transfer is acknowledged, the report, and a
 * last line {@code TANDEM-RESULT ...}; exits 0 if every check held, 1 if one failed, 2 on bad options.
 * Extra options: {@code --seconds 20}, {@code --clients 4}.
 */
public final class LoadClient {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final int ATTEMPTS = 6;

  private final ActorSystem<Void> system;
  private final AtomicReference<List<ActorRef<TransferDesk.Command>>> desks = new AtomicReference<>(List.of());
  private final AtomicInteger nextDesk = new AtomicInteger();
  private final HistoryRecorder recorder = HistoryRecorder.create();
  private volatile boolean stop;

  private LoadClient(ActorSystem<Void> system) {
    this.system = system;
  }

  public static void main(String[] args) throws Exception {
    LedgerOptions options;
    int seconds;
    int clients;
    try {
      options = LedgerOptions.parse(args, List.of("seconds", "clients"));
      seconds = positive("--seconds", options.extra().getOrDefault("seconds", "20"));
      clients = positive("--clients", options.extra().getOrDefault("clients", "4"));
    } catch (IllegalArgumentException e) {
      System.err.println("load client: " + e.getMessage());
      System.exit(2);
      return;
    }
    AtomicReference<List<ActorRef<TransferDesk.Command>>> listing = new AtomicReference<>(List.of());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.<Void>setup(ctx -> {
      ctx.spawn(Behaviors.<Receptionist.Listing>setup(l -> {
        l.getSystem().receptionist().tell(Receptionist.subscribe(TransferDesk.KEY, l.getSelf()));
        return Behaviors.receiveMessage(update -> {
          listing.set(List.copyOf(update.getServiceInstances(TransferDesk.KEY)));
          return Behaviors.same();
        });
      }), "desks");
      return Behaviors.empty();
    }), LedgerOptions.SYSTEM_NAME, options.config("client"));
    LoadClient client = new LoadClient(system);
    int exit;
    try {
      exit = client.run(listing, seconds, clients);
    } catch (Exception e) {
      System.out.println("TANDEM-RESULT failed reason=" + e.getClass().getSimpleName() + ":" + e.getMessage());
      exit = 1;
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    System.exit(exit);
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a positive number (was '" + value + "')");
  }

  private int run(AtomicReference<List<ActorRef<TransferDesk.Command>>> listing, int seconds, int clients)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (listing.get().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(100); // a main method waiting for the cluster, not a test
    }
    if (listing.get().isEmpty()) {
      throw new IllegalStateException("no transfer desk found within 90 s: are the ledger nodes up?");
    }
    Thread listingCopier = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        desks.set(listing.get());
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "desk-listing");
    desks.set(listing.get());
    listingCopier.setDaemon(true);
    listingCopier.start();

    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      Thread t = new Thread(() -> clientLoop(id), "client-" + c);
      threads.add(t);
      t.start();
    }
    long loadStarted = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    stop = true;
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(ATTEMPTS * ASK_TIMEOUT.toSeconds() + 10));
    }
    listingCopier.interrupt();
    return judge(recorder.history(), loadStarted);
  }

  private void clientLoop(int client) {
    Random random = new Random(client * 7919L + System.nanoTime());
    int incarnation = 0;
    boolean announced = false;
    for (long n = 1; !stop; n++) {
      String transferId = "t-" + client + "-" + n;
      int from = random.nextInt(Ledger.ACCOUNTS);
      int to = (from + 1 + random.nextInt(Ledger.ACCOUNTS - 1)) % Ledger.ACCOUNTS;
      long amount = 1 + random.nextInt(450); // above ScoringRules.LIMIT now and then: declined
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        String process = "client-" + client + "/" + incarnation;
        Invocation call = recorder.invoke(process, "transfer", transferId, amount);
        // Every attempt after the first follows an unknown outcome: the desk must know, because a
        // failure of this attempt alone no longer proves the transfer was not applied.
        TransferDesk.Outcome outcome =
            submit(transferId, Ledger.account(from), Ledger.account(to), amount, attempt > 1);
        if (outcome instanceof TransferDesk.Applied) {
          call.ok();
          if (!announced && client == 0) {
            System.out.println("TANDEM-LOAD RUNNING");
            announced = true;
          }
          break;
        } else if (outcome instanceof TransferDesk.NotApplied na) {
          call.fail(na.why());
          break;
        } else {
          String why = outcome instanceof TransferDesk.Unknown u ? u.why() : String.valueOf(outcome);
          call.unknown(why);
          incarnation++; // Jepsen's rule: a client with an open unknown continues as a new process
        }
      }
    }
  }

  private TransferDesk.Outcome submit(String id, String from, String to, long amount, boolean retry) {
    List<ActorRef<TransferDesk.Command>> current = desks.get();
    if (current.isEmpty()) {
      return retry ? new TransferDesk.Unknown(id, "no desk reachable") : new TransferDesk.NotApplied(id, "no desk reachable");
    }
    ActorRef<TransferDesk.Command> desk = current.get(Math.floorMod(nextDesk.getAndIncrement(), current.size()));
    try {
      return AskPattern.<TransferDesk.Command, TransferDesk.Outcome>ask(desk,
              replyTo -> new TransferDesk.Submit(id, from, to, amount, retry, replyTo), ASK_TIMEOUT, system.scheduler())
          .toCompletableFuture().get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return new TransferDesk.Unknown(id, "no answer from " + desk.path().address() + " in " + ASK_TIMEOUT.toSeconds() + " s");
    }
  }

  private Map<String, Long> readBalances() throws InterruptedException {
    for (int attempt = 0; attempt < 10; attempt++) {
      List<ActorRef<TransferDesk.Command>> current = desks.get().isEmpty() ? List.of() : desks.get();
      if (!current.isEmpty()) {
        ActorRef<TransferDesk.Command> desk = current.get(attempt % current.size());
        try {
          TransferDesk.Outcome o = AskPattern.<TransferDesk.Command, TransferDesk.Outcome>ask(desk,
              TransferDesk.ReadBalances::new, ASK_TIMEOUT, system.scheduler()).toCompletableFuture()
              .get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
          if (o instanceof TransferDesk.Balances b) {
            return b.balances();
          }
        } catch (Exception e) {
          // try the next desk
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("could not read the balances from any desk");
  }

  private int judge(History history, long loadStarted) throws Exception {
    Map<String, Long> balances = readBalances();
    JournalRecord journal = JournalRecord.read(system);
    CheckResult lost = NoLostWrites.check(history, journal.appliedIds());
    CheckResult duplicated = NoDuplicateWrites.check(history, journal.appliedIds());
    CheckResult singleWriter = SingleWriter.check(journal.writes());
    long sum = balances.values().stream().mapToLong(Long::longValue).sum();
    boolean invariant = sum == Ledger.TOTAL && balances.equals(journal.replayedBalances());
    LoadFigures figures = LoadFigures.of(history, loadStarted);

    System.out.println();
    System.out.println("== ledger run ==");
    System.out.printf("operations: %d transfers, %d acknowledged, %d failed %s, %d unknown after %d attempts;"
            + " %d attempts in all%n",
        figures.transfers(), figures.acknowledged(), figures.failed(), new TreeMap<>(figures.failedBy()),
        figures.unknown(), ATTEMPTS, figures.attempts());
    System.out.printf("longest time without an acknowledgement (client view): %d ms%n", figures.longestGapMs());
    System.out.println(lost.report());
    System.out.println(duplicated.report());
    System.out.println(singleWriter.report());
    System.out.printf("invariant: balances sum to %d (expected %d); replaying the journal (%d transfers) gives"
            + " the ledger's balances: %s%n",
        sum, Ledger.TOTAL, journal.appliedIds().size(), balances.equals(journal.replayedBalances()));
    System.out.println("balances: " + balances);
    int lostCount = lost.violations("lost-write").size();
    int dupCount = duplicated.violations().size();
    boolean ok = lost.valid() && duplicated.valid() && singleWriter.valid() && invariant;
    System.out.println("TANDEM-RESULT acknowledged=" + figures.acknowledged() + " failed=" + figures.failed()
        + " unknown=" + figures.unknown() + " lost=" + lostCount + " duplicated=" + dupCount
        + " invariant=" + (invariant ? "ok" : "broken") + " single_writer=" + (singleWriter.valid() ? "ok" : "broken")
        + " checks=" + (ok ? "ok" : "failed") + " gap_ms=" + figures.longestGapMs());
    return ok ? 0 : 1;
  }
}
