package dev.tandem.samples.ledger;

import dev.tandem.cluster.hotwarm.ActiveFenced;
import dev.tandem.cluster.hotwarm.HotWarm;
import dev.tandem.cluster.hotwarm.HotWarmEvent;
import dev.tandem.cluster.hotwarm.HotWarmRef;
import dev.tandem.cluster.hotwarm.HotWarmSpec;
import dev.tandem.cluster.hotwarm.TakeoverReport;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ledger node: a cluster member with role {@code ledger} that runs the ledger singleton (active
 * on the oldest ledger node, warm standbys on the next two), its part of the scoring cluster pool
 * ({@link ClusterScoring}: scorers here, serving every node's desk) and a {@link TransferDesk}. Options: see {@link LedgerOptions}. Started by {@code bin/tandem demo} and {@code
 * bin/tandem cluster up}.
 *
 * <p>Prints {@code TANDEM-NODE UP name=...} once it serves, and one {@code TANDEM-TAKEOVER ...} line
 * for every takeover that happens on it (the demo reads them); writes its status (active or standby,
 * the standby's sequence number and lag) to {@code <run-dir>/<name>.status} every half second.
 */
public final class LedgerNode {

  private static final Logger log = LoggerFactory.getLogger(LedgerNode.class);

  private LedgerNode() {}

  public static void main(String[] args) {
    LedgerOptions options;
    try {
      options = LedgerOptions.parse(args, List.of());
    } catch (IllegalArgumentException e) {
      System.err.println("ledger node: " + e.getMessage());
      System.exit(2);
      return;
    }
    ActorSystem<Void> system = ActorSystem.create(guardian(options), LedgerOptions.SYSTEM_NAME,
        options.config(LedgerOptions.LEDGER_ROLE));
    system.getWhenTerminated().whenComplete((done, error) -> log.info("{} stopped", options.name()));
  }

  /** The ledger singleton, as every ledger node (and only they) declare it. */
  static HotWarmSpec<Ledger.Command, Ledger.Event, Ledger.State, Ledger.Reply> spec() {
    return HotWarmSpec.of("ledger", Ledger::create).standbys(2);
  }

  private static Behavior<Void> guardian(LedgerOptions options) {
    return Behaviors.setup(ctx -> {
      long started = System.nanoTime();
      HotWarmRef<Ledger.Command, Ledger.Reply> ledger = HotWarm.init(ctx.getSystem(), spec());
      ClusterScoring scoring = ClusterScoring.start(ctx.getSystem());
      ctx.spawn(TransferDesk.create(scoring, ledger), "desk");
      NodeStatus status = NodeStatus.start(ctx.getSystem(), options, scoring);
      ctx.spawn(Behaviors.<HotWarmEvent>setup(listener -> {
        listener.getSystem().eventStream().tell(new EventStream.Subscribe<>(HotWarmEvent.class, listener.getSelf()));
        return Behaviors.receiveMessage(event -> {
          String self = listener.getSystem().address().toString();
          if (event instanceof TakeoverReport r && r.node().equals(self)) {
            status.activeSince(r.epoch());
            System.out.println("TANDEM-TAKEOVER name=" + options.name() + " epoch=" + r.epoch()
                + " first_served_ms=" + r.firstServedMs().orElse(-1) + " recovered_ms=" + r.recoveredMs()
                + " warm=" + r.warm() + " replayed=" + r.eventsReplayed() + " | " + r);
          } else if (event instanceof ActiveFenced) {
            status.fenced();
          }
          return Behaviors.same();
        });
      }), "takeover-listener");
      System.out.println("TANDEM-NODE UP name=" + options.name() + " port=" + options.port()
          + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
      return Behaviors.empty();
    });
  }
}
