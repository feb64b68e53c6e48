package dev.tandem.cluster.hotwarm.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;

/**
 * Downs a member at once when its cluster port refuses a TCP connection.
 *
 * <p>A refused connection is an answer from the member's own machine: nothing listens on that port,
 * so the process is gone and can never write again. Downing it then is safe without waiting for the
 * failure detector and the Split Brain Resolver's stable-after, which exist for the cases a refusal
 * cannot prove: a paused process, an overloaded one, a lost network. Those time out here (or
 * connect), count as nothing, and are left to the failure detector.
 */
final class CrashProbe {
  private CrashProbe() {}

  private sealed interface Message {}

  private record Tick() implements Message {}

  private record Refused(Address address) implements Message {}

  private record Answered(Address address) implements Message {}

  static Behavior<Object> create(TakeoverClock clock, Duration interval, Duration connectTimeout) {
    return Behaviors.<Object>setup(
            context -> {
              ExecutorService connector =
                  Executors.newFixedThreadPool(
                      2,
                      runnable -> {
                        Thread thread = new Thread(runnable, "tandem-crash-probe");
                        thread.setDaemon(true);
                        return thread;
                      });
              return Behaviors.withTimers(
                  timers -> {
                    timers.startTimerWithFixedDelay(new Tick(), interval);
                    return new Probing(context, clock, connector, (int) connectTimeout.toMillis()).behavior();
                  });
            })
        .narrow();
  }

  private static final class Probing {
    private final ActorContext<Object> context;
    private final TakeoverClock clock;
    private final ExecutorService connector;
    private final int connectTimeoutMs;
    private final Cluster cluster;
    private final Set<Address> inFlight = new HashSet<>();
    private final Set<Address> downed = new HashSet<>();

    Probing(ActorContext<Object> context, TakeoverClock clock, ExecutorService connector, int connectTimeoutMs) {
      this.context = context;
      this.clock = clock;
      this.connector = connector;
      this.connectTimeoutMs = connectTimeoutMs;
      this.cluster = Cluster.get(context.getSystem());
    }

    Behavior<Object> behavior() {
      return Behaviors.receive(Object.class)
          .onMessage(Tick.class, t -> probeAll())
          .onMessage(Answered.class, a -> {
            inFlight.remove(a.address());
            return Behaviors.same();
          })
          .onMessage(Refused.class, this::onRefused)
          .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
            connector.shutdownNow();
            return Behaviors.same();
          })
          .build();
    }

    private Behavior<Object> probeAll() {
      Address self = cluster.selfMember().address();
      ActorRef<Object> me = context.getSelf();
      Set<Address> present = new HashSet<>();
      cluster.state().getMembers().forEach(m -> present.add(m.address()));
      // A downed address that left the membership may come back as a new incarnation: probe it again.
      downed.retainAll(present);
      for (Member member : cluster.state().getMembers()) {
        Address address = member.address();
        if (address.equals(self)
            || member.status() == MemberStatus.down()
            || member.status() == MemberStatus.removed()
            || downed.contains(address)
            || inFlight.contains(address)
            || address.getHost().isEmpty()
            || address.getPort().isEmpty()) {
          continue;
        }
        inFlight.add(address);
        String host = address.getHost().get();
        int port = address.getPort().get();
        connector.execute(() -> me.tell(probe(address, host, port)));
      }
      return Behaviors.same();
    }

    private Message probe(Address address, String host, int port) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        return new Answered(address);
      } catch (ConnectException e) {
        // "Connection refused": the machine answered and nothing listens there.
        return e.getMessage() != null && e.getMessage().contains("refused")
            ? new Refused(address)
            : new Answered(address);
      } catch (IOException | RuntimeException e) {
        return new Answered(address);
      }
    }

    private Behavior<Object> onRefused(Refused refused) {
      inFlight.remove(refused.address());
      Address address = refused.address();
      java.util.Optional<Member> member =
          java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
              .filter(m -> m.address().equals(address) && m.status() != MemberStatus.down())
              .findFirst();
      if (member.isPresent() && downed.add(address)) {
        clock.mark(address.toString(), TakeoverClock.Mark.REFUSED);
        context.getLog().info("{} refuses connections on its cluster port (process gone): downing it now", address);
        cluster.manager().tell(new Down(address));
        // The leader removes a downed member only once it is unreachable or terminated; waiting for
        // the failure detector would cost seconds. Quarantining the dead incarnation marks it
        // terminated now; it can never come back under that uid anyway.
        quarantine(member.get());
      }
      return Behaviors.same();
    }
    private void quarantine(Member member) {
      try {
        org.apache.pekko.actor.ExtendedActorSystem classic =
            (org.apache.pekko.actor.ExtendedActorSystem)
                org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(context.getSystem());
        if (classic.provider() instanceof org.apache.pekko.remote.RemoteActorRefProvider remote) {
          remote.quarantine(
              member.address(),
              scala.Option.apply((Object) member.uniqueAddress().longUid()),
              "Tandem crash probe: connection refused, process gone");
        }
      } catch (RuntimeException e) {
        context.getLog().warn("could not quarantine {} ({}); its removal waits for the failure detector",
            member.address(), e.toString());
      }
    }
  }
}
