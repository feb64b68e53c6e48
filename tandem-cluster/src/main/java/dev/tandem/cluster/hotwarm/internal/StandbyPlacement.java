package dev.tandem.cluster.hotwarm.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Keeps a warm standby on this node exactly when this node is one of the {@code K} nodes that would
 * be next to host the active: the singleton moves to the oldest member, so the standbys belong on
 * the 2nd to (K+1)th oldest. A standby on the node that just became oldest is left alone: the new
 * active is about to take its state.
 *
 * <p>The membership is kept from the subscription itself (typed subscriptions replay the current
 * members as events, then send every change), not read from {@code Cluster.state()}: that view is
 * updated by another actor, so when the last member's {@code MemberUp} arrives here it may not show
 * that member yet, and with no later event this node would never look again (seen in CI: a 3-node
 * cluster left with one standby).
 */
final class StandbyPlacement {
  private StandbyPlacement() {}

  private record Reevaluate() {}

  static Behavior<Object> create(SingletonContext singleton) {
    return Behaviors.setup(
        context -> {
          Cluster cluster = Cluster.get(context.getSystem());
          cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
          return new Placing(context, cluster, singleton).behavior();
        });
  }

  private static final class Placing {
    private final ActorContext<Object> context;
    private final Cluster cluster;
    private final SingletonContext singleton;
    private final Map<UniqueAddress, Member> members = new HashMap<>();
    private ActorRef<WarmStandby.Command> standby;
    private int generation;

    Placing(ActorContext<Object> context, Cluster cluster, SingletonContext singleton) {
      this.context = context;
      this.cluster = cluster;
      this.singleton = singleton;
    }

    Behavior<Object> behavior() {
      return Behaviors.receive(Object.class)
          .onMessage(ClusterEvent.MemberEvent.class, e -> {
            if (e instanceof ClusterEvent.MemberRemoved) {
              members.remove(e.member().uniqueAddress());
            } else {
              members.put(e.member().uniqueAddress(), e.member());
            }
            return evaluate();
          })
          .onMessage(Reevaluate.class, e -> evaluate())
          .onSignal(Terminated.class, t -> {
            if (t.getRef().equals(standby)) {
              standby = null;
              // Consumed by a new active, or failed: look again a little later (no tight loop).
              context.scheduleOnce(singleton.settings().standbyRestartBackoff(), context.getSelf(), new Reevaluate());
            }
            return Behaviors.same();
          })
          .onAnyMessage(m -> Behaviors.same())
          .build();
    }

    private Behavior<Object> evaluate() {
      int rank = rank();
      boolean wanted = rank >= 2 && rank <= singleton.standbys() + 1;
      if (wanted && standby == null) {
        generation++;
        standby = context.spawn(WarmStandby.create(singleton), "standby-" + generation);
        context.watch(standby);
      } else if (standby != null && (rank == 0 || rank > singleton.standbys() + 1)) {
        context.getLog().info("{} no longer among the next {} nodes for {}: stopping its standby",
            cluster.selfMember().address(), singleton.standbys(), singleton.name());
        context.stop(standby);
      }
      return Behaviors.same();
    }

    /** This node's place among the Up members with the role, oldest first (1-based; 0 = none). */
    private int rank() {
      String role = singleton.settings().role();
      List<Member> candidates = new ArrayList<>();
      for (Member m : members.values()) {
        if (m.status() == MemberStatus.up() && (role.isEmpty() || m.hasRole(role))) {
          candidates.add(m);
        }
      }
      candidates.sort((a, b) -> a.isOlderThan(b) ? -1 : b.isOlderThan(a) ? 1 : 0);
      for (int i = 0; i < candidates.size(); i++) {
        if (candidates.get(i).uniqueAddress().equals(cluster.selfMember().uniqueAddress())) {
          return i + 1;
        }
      }
      return 0;
    }
  }
}
