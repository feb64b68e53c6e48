package dev.tandem.testkit.multinode.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks node ports: random in a range (below the ephemeral range by default, see reference.conf),
 * checked bindable on 127.0.0.1, and never handed out twice in one JVM, so neither two clusters
 * in one test JVM nor two builds on one machine pick the same port except by a rare race, which
 * the launcher survives by retrying on a fresh port.
 */
final class FreePorts {

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int ATTEMPTS = 500;

  private FreePorts() {}

  static int take(int start, int end) {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = ThreadLocalRandom.current().nextInt(start, end);
      if (HANDED_OUT.contains(port) || !bindable(port)) {
        continue;
      }
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("found no free port on 127.0.0.1 in [" + start + ", " + end + ") after "
        + ATTEMPTS + " attempts; widen tandem.testkit.multinode.port-range-start/port-range-end");
  }

  static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
