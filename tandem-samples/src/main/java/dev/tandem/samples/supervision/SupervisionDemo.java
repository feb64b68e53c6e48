package dev.tandem.samples.supervision;

import dev.tandem.supervision.Restart;
import dev.tandem.supervision.Strategy;
import dev.tandem.supervision.SupervisionEvent;
import dev.tandem.supervision.Supervisor;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervision sample: a two-level tree that survives a failure by restarting, and a burst of
 * failures by escalating to its parent, which restarts the whole subtree.
 *
 * <pre>
 * shop        one-for-one, at most 3 restarts in 10 s
 * ├── orders  rest-for-one, at most 2 restarts in 5 s
 * │   ├── db     permanent
 * │   └── cache  transient (depends on db, so it restarts with it)
 * └── audit   permanent (never notices the orders failures)
 * </pre>
 *
 * Exits 0 after printing {@code DEMO OK ...}, or 1 with {@code DEMO FAILED <reason>}.
 */
public final class SupervisionDemo {
  private static final Logger LOG = LoggerFactory.getLogger("demo");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static int restarts;
  private static int escalations;

  private SupervisionDemo() {}

  static Behavior<Supervisor.Command> shop(ActorRef<SupervisionEvent> listener) {
    return Supervisor.builder("shop")
        .strategy(Strategy.ONE_FOR_ONE)
        .intensity(3, Duration.ofSeconds(10))
        .listener(listener)
        .child("orders", () -> orders(listener), Restart.PERMANENT)
        .child("audit", Audit::create, Restart.PERMANENT)
        .build();
  }

  static Behavior<Supervisor.Command> orders(ActorRef<SupervisionEvent> listener) {
    return Supervisor.builder("orders")
        .strategy(Strategy.REST_FOR_ONE)
        .intensity(2, Duration.ofSeconds(5))
        .listener(listener)
        .child("db", Database::create, Restart.PERMANENT)
        .child("cache", Cache::create, Restart.TRANSIENT)
        .build();
  }

  public static void main(String[] args) throws Exception {
    BlockingQueue<SupervisionEvent> events = new LinkedBlockingQueue<>();
    CompletableFuture<ActorRef<Supervisor.Command>> shop = new CompletableFuture<>();
    Behavior<Void> root = Behaviors.setup(ctx -> {
      ActorRef<SupervisionEvent> listener = ctx.spawn(
          Behaviors.receive(SupervisionEvent.class)
              .onAnyMessage(e -> { events.add(e); return Behaviors.same(); })
              .build(),
          "events");
      shop.complete(ctx.spawn(shop(listener), "shop"));
      return Behaviors.empty();
    });
    ActorSystem<Void> system = ActorSystem.create(root, "supervision-demo");
    int exit = 1;
    try {
      exit = run(system, shop.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), events);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    System.exit(exit);
  }

  private static int run(ActorSystem<Void> system, ActorRef<Supervisor.Command> shop,
      BlockingQueue<SupervisionEvent> events) throws Exception {
    ActorRef<Supervisor.Command> orders = child(system, shop, "orders", Supervisor.Command.class);
    ActorRef<Database.Command> db = child(system, orders, "db", Database.Command.class);
    LOG.info("the tree is up; db answers: {}", query(system, db));

    LOG.info("--- 1. one failure: db loses its connection; rest-for-one restarts db, then cache");
    db.tell(new Database.LoseConnection("network blip"));
    expect(events, "db restarted", e -> e instanceof SupervisionEvent.ChildRestarted r && r.child().equals("db"));
    expect(events, "cache restarted", e -> e instanceof SupervisionEvent.ChildRestarted r && r.child().equals("cache"));
    LOG.info("the same db reference still answers: {}", query(system, db));

    LOG.info("--- 2. a burst: db fails twice more within 5 s; orders gives up and escalates to shop");
    db.tell(new Database.LoseConnection("network down"));
    expect(events, "db restarted", e -> e instanceof SupervisionEvent.ChildRestarted r && r.child().equals("db"));
    expect(events, "cache restarted", e -> e instanceof SupervisionEvent.ChildRestarted r && r.child().equals("cache"));
    db.tell(new Database.LoseConnection("network still down"));
    expect(events, "orders escalated", e -> e instanceof SupervisionEvent.Escalated x && x.supervisor().equals("orders"));
    expect(events, "shop restarted orders", e -> e instanceof SupervisionEvent.ChildRestarted r
        && r.supervisor().equals("shop") && r.child().equals("orders"));

    ActorRef<Database.Command> newDb = child(system, orders, "db", Database.Command.class);
    LOG.info("orders kept its address; its new db answers: {}", query(system, newDb));
    System.out.println("DEMO OK restarts=" + restarts + " escalations=" + escalations
        + " (db failures restarted db and cache; a burst made orders escalate and shop restarted it)");
    return 0;
  }

  private static void expect(BlockingQueue<SupervisionEvent> events, String what,
      java.util.function.Predicate<SupervisionEvent> test) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      SupervisionEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        System.out.println("DEMO FAILED waited " + TIMEOUT.toSeconds() + " s for: " + what);
        throw new IllegalStateException("no event: " + what);
      }
      if (event instanceof SupervisionEvent.ChildRestarted) {
        restarts++;
      } else if (event instanceof SupervisionEvent.Escalated) {
        escalations++;
      }
      if (test.test(event)) {
        return;
      }
    }
  }

  private static String query(ActorSystem<Void> system, ActorRef<Database.Command> db) throws Exception {
    CompletionStage<String> reply = AskPattern.ask(db, r -> new Database.Query("select 1", r), TIMEOUT, system.scheduler());
    return reply.toCompletableFuture().get();
  }

  private static <T> ActorRef<T> child(ActorSystem<Void> system, ActorRef<Supervisor.Command> parent,
      String name, Class<T> protocol) throws Exception {
    return Supervisor.lookup(parent, name, protocol, TIMEOUT, system).toCompletableFuture().get();
  }

}
