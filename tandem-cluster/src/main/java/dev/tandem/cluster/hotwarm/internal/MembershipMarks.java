package dev.tandem.cluster.hotwarm.internal;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/** Writes what this node sees happen to other members into the {@link TakeoverClock}. */
final class MembershipMarks {
  private MembershipMarks() {}

  static Behavior<Object> create(TakeoverClock clock) {
    return Behaviors.setup(
        context -> {
          Cluster cluster = Cluster.get(context.getSystem());
          cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
          cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.UnreachableMember.class));
          return Behaviors.receive(Object.class)
              .onMessage(
                  ClusterEvent.UnreachableMember.class,
                  e -> mark(clock, e.member().address().toString(), TakeoverClock.Mark.UNREACHABLE))
              .onMessage(
                  ClusterEvent.MemberLeft.class,
                  e -> mark(clock, e.member().address().toString(), TakeoverClock.Mark.LEAVING))
              .onMessage(
                  ClusterEvent.MemberExited.class,
                  e -> mark(clock, e.member().address().toString(), TakeoverClock.Mark.LEAVING))
              .onMessage(
                  ClusterEvent.MemberDowned.class,
                  e -> mark(clock, e.member().address().toString(), TakeoverClock.Mark.DOWNED))
              .onMessage(
                  ClusterEvent.MemberRemoved.class,
                  e -> mark(clock, e.member().address().toString(), TakeoverClock.Mark.REMOVED))
              .onAnyMessage(e -> Behaviors.same())
              .build();
        });
  }

  private static Behavior<Object> mark(TakeoverClock clock, String node, TakeoverClock.Mark mark) {
    clock.mark(node, mark);
    return Behaviors.same();
  }
}
