package dev.tandem.cluster.pool.internal;

import dev.tandem.pool.Routing;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Picks the node for a job among the hosts the dispatcher may use, with the same strategies as the
 * local pool. Runs on the dispatcher only, so the strategies keep plain state.
 */
abstract class HostRouting {

  /**
   * @param live usable hosts, ordered by node name (the same order on every node)
   * @param ring the ring over every listed host, reachable or not (consistent hashing)
   * @param key the job's hash key, or null
   * @param usable whether a host may take this job (live and has not refused it)
   * @return a host, or null if none is usable
   */
  abstract Host select(List<Host> live, NodeRing ring, String key, Predicate<Host> usable);

  static HostRouting of(Routing routing) {
    return switch (routing) {
      case ROUND_ROBIN -> new RoundRobin();
      case RANDOM -> new Random();
      case LEAST_LOADED -> new LeastLoaded();
      case CONSISTENT_HASH -> new ConsistentHash();
    };
  }

  private static final class RoundRobin extends HostRouting {
    private int next;

    @Override
    Host select(List<Host> live, NodeRing ring, String key, Predicate<Host> usable) {
      int n = live.size();
      // The turn moves past a node that may not take this job, so the others still alternate
      // evenly instead of its successor taking its turns too.
      for (int i = 0; i < n; i++) {
        Host host = live.get(Math.floorMod(next++, n));
        if (usable.test(host)) {
          return host;
        }
      }
      return null;
    }
  }

  private static final class Random extends HostRouting {
    @Override
    Host select(List<Host> live, NodeRing ring, String key, Predicate<Host> usable) {
      int n = live.size();
      if (n == 0) {
        return null;
      }
      int start = ThreadLocalRandom.current().nextInt(n);
      for (int i = 0; i < n; i++) {
        Host host = live.get((start + i) % n);
        if (usable.test(host)) {
          return host;
        }
      }
      return null;
    }
  }

  /** Fewest of this node's jobs held; the scan starts in turn so ties spread. */
  private static final class LeastLoaded extends HostRouting {
    private int next;

    @Override
    Host select(List<Host> live, NodeRing ring, String key, Predicate<Host> usable) {
      int n = live.size();
      int start = next++;
      Host best = null;
      for (int i = 0; i < n; i++) {
        Host host = live.get(Math.floorMod(start + i, n));
        if (usable.test(host) && (best == null || host.load < best.load)) {
          best = host;
        }
      }
      return best;
    }
  }

  private static final class ConsistentHash extends HostRouting {
    @Override
    Host select(List<Host> live, NodeRing ring, String key, Predicate<Host> usable) {
      return ring.ownerOf(key == null ? "" : key, usable);
    }
  }
}
