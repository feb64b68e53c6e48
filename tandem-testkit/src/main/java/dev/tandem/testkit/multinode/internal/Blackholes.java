package dev.tandem.testkit.multinode.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.remote.RARP;
import org.apache.pekko.remote.RemoteTransport;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.FutureConverters;

/**
 * Node-side partitions: drops all Artery traffic to and from chosen peers with the transport's
 * test-mode blackholes ({@code pekko.remote.artery.advanced.test-mode = on}, which the kit sets).
 * Each node blackholes its own side, so a partition holds even while the peer is paused.
 */
final class Blackholes {

  private static final Logger log = LoggerFactory.getLogger(Blackholes.class);

  private final ActorSystem<?> system;
  private Set<Address> current = new HashSet<>();

  Blackholes(ActorSystem<?> system) {
    this.system = system;
  }

  /** Blackholes exactly {@code addresses} from now on, lifting any others. */
  @SuppressWarnings("deprecation") // Artery reuses the classic throttler's command types for test mode.
  synchronized void set(List<String> addresses) throws Exception {
    if (!system.settings().config().getBoolean("pekko.remote.artery.advanced.test-mode")) {
      throw new IllegalStateException("partitions need pekko.remote.artery.advanced.test-mode = on on every node");
    }
    Set<Address> wanted = new HashSet<>();
    for (String a : addresses) {
      wanted.add(AddressFromURIString.parse(a));
    }
    RemoteTransport transport = ((RARP) RARP.get(system)).provider().transport();
    for (Address a : wanted) {
      if (!current.contains(a)) {
        command(transport, new ThrottlerTransportAdapter.SetThrottle(
            a, ThrottlerTransportAdapter.bothDirection(), ThrottlerTransportAdapter.blackholeThrottleMode()));
      }
    }
    for (Address a : current) {
      if (!wanted.contains(a)) {
        command(transport, new ThrottlerTransportAdapter.SetThrottle(
            a, ThrottlerTransportAdapter.bothDirection(), ThrottlerTransportAdapter.unthrottledThrottleMode()));
      }
    }
    if (!wanted.equals(current)) {
      log.info("blackholed peers now {}", wanted.isEmpty() ? "none" : wanted);
    }
    current = wanted;
  }

  private static void command(RemoteTransport transport, Object command) throws Exception {
    Object applied = FutureConverters.asJava(transport.managementCommand(command)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (!Boolean.TRUE.equals(applied)) {
      throw new IllegalStateException("the remote transport did not apply " + command + " (is Artery in test mode?)");
    }
  }
}
