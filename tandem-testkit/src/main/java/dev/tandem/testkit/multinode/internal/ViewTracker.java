package dev.tandem.testkit.multinode.internal;

import dev.tandem.testkit.multinode.ClusterView;
import dev.tandem.testkit.multinode.MemberStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Node-side actor that follows membership and reachability events and reports the node's {@link
 * ClusterView} whenever it changes. It builds the view from the events themselves, in the order
 * Pekko publishes them, rather than from {@code Cluster.state()}, which may lag behind them.
 */
final class ViewTracker {

  private final UniqueAddress self;
  private final Consumer<ClusterView> report;
  private final Map<UniqueAddress, Member> members = new HashMap<>();
  private final Set<UniqueAddress> unreachable = new HashSet<>();
  private Optional<Address> leader = Optional.empty();
  private ClusterView last;

  private ViewTracker(UniqueAddress self, Consumer<ClusterView> report) {
    this.self = self;
    this.report = report;
    this.last = ClusterView.none(self.address().toString());
  }

  static Behavior<Object> create(Consumer<ClusterView> report) {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      ViewTracker tracker = new ViewTracker(cluster.selfMember().uniqueAddress(), report);
      cluster.subscriptions().tell(
          Subscribe.create(context.getSelf().<ClusterEvent.ClusterDomainEvent>narrow(), ClusterEvent.ClusterDomainEvent.class));
      return Behaviors.receive(Object.class).onAnyMessage(event -> {
        tracker.onEvent(event);
        return Behaviors.same();
      }).build();
    });
  }

  private void onEvent(Object event) {
    if (event instanceof ClusterEvent.CurrentClusterState state) {
      members.clear();
      unreachable.clear();
      state.getMembers().forEach(m -> members.put(m.uniqueAddress(), m));
      state.getUnreachable().forEach(m -> unreachable.add(m.uniqueAddress()));
      leader = Optional.ofNullable(state.getLeader());
    } else if (event instanceof ClusterEvent.MemberRemoved removed) {
      members.remove(removed.member().uniqueAddress());
      unreachable.remove(removed.member().uniqueAddress());
    } else if (event instanceof ClusterEvent.MemberEvent changed) {
      members.put(changed.member().uniqueAddress(), changed.member());
    } else if (event instanceof ClusterEvent.UnreachableMember u) {
      unreachable.add(u.member().uniqueAddress());
      members.computeIfPresent(u.member().uniqueAddress(), (k, old) -> u.member());
    } else if (event instanceof ClusterEvent.ReachableMember r) {
      unreachable.remove(r.member().uniqueAddress());
      members.computeIfPresent(r.member().uniqueAddress(), (k, old) -> r.member());
    } else if (event instanceof ClusterEvent.LeaderChanged l) {
      leader = Optional.ofNullable(l.getLeader());
    } else {
      return;
    }
    ClusterView view = view();
    if (!view.equals(last)) {
      last = view;
      report.accept(view);
    }
  }

  private ClusterView view() {
    Map<String, MemberStatus> statuses = new HashMap<>();
    Set<String> unreachableAddresses = new HashSet<>();
    for (Member m : members.values()) {
      String address = m.address().toString();
      MemberStatus status = status(m);
      MemberStatus other = statuses.get(address);
      // Two incarnations of one address: show the live one rather than the downed one.
      if (other == null || other == MemberStatus.DOWN || other == MemberStatus.REMOVED) {
        statuses.put(address, status);
        if (unreachable.contains(m.uniqueAddress())) {
          unreachableAddresses.add(address);
        } else {
          unreachableAddresses.remove(address);
        }
      }
    }
    Member me = members.get(self);
    return new ClusterView(self.address().toString(), me == null ? MemberStatus.ABSENT : status(me),
        statuses, unreachableAddresses, leader.map(Address::toString));
  }

  private static MemberStatus status(Member m) {
    return switch (m.status().toString()) {
      case "Joining" -> MemberStatus.JOINING;
      case "WeaklyUp" -> MemberStatus.WEAKLY_UP;
      case "Up" -> MemberStatus.UP;
      case "Leaving" -> MemberStatus.LEAVING;
      case "Exiting" -> MemberStatus.EXITING;
      case "Down" -> MemberStatus.DOWN;
      case "Removed" -> MemberStatus.REMOVED;
      case "PreparingForShutdown" -> MemberStatus.PREPARING_FOR_SHUTDOWN;
      case "ReadyForShutdown" -> MemberStatus.READY_FOR_SHUTDOWN;
      default -> throw new IllegalStateException("unknown Pekko member status " + m.status());
    };
  }
}
