package dev.tandem.cluster.pool.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A consistent-hash ring over nodes. Each node owns {@code virtualNodes} points placed by hashing
 * its {@code host:port} name, so every node of the cluster builds the same ring from the same
 * members, and a node joining or leaving moves only the keys on its own points. Immutable.
 */
final class NodeRing {

  private final int[] points;
  private final Host[] owners;

  private NodeRing(int[] points, Host[] owners) {
    this.points = points;
    this.owners = owners;
  }

  static NodeRing of(List<Host> hosts, int virtualNodes) {
    Host[] sorted = hosts.toArray(new Host[0]);
    Arrays.sort(sorted, Comparator.comparing(h -> h.node));
    int total = sorted.length * virtualNodes;
    long[] packed = new long[total];
    int k = 0;
    for (int s = 0; s < sorted.length; s++) {
      int base = sorted[s].node.hashCode();
      for (int v = 0; v < virtualNodes; v++) {
        int point = mix(base * 1_000_003 + v * 7919 + 1);
        // Sort by point (unsigned), ties by node index, so every node orders the ring alike.
        packed[k++] = ((point & 0xffffffffL) << 20) | s;
      }
    }
    Arrays.sort(packed);
    int[] points = new int[total];
    Host[] owners = new Host[total];
    for (int i = 0; i < total; i++) {
      points[i] = (int) (packed[i] >>> 20);
      owners[i] = sorted[(int) (packed[i] & 0xfffff)];
    }
    return new NodeRing(points, owners);
  }

  /** The first host at or after the key's point that {@code usable} accepts, or null. */
  Host ownerOf(String key, Predicate<Host> usable) {
    if (points.length == 0) {
      return null;
    }
    int start = firstAtOrAfter(mix(key.hashCode()));
    int n = points.length;
    for (int i = 0; i < n; i++) {
      Host host = owners[(start + i) % n];
      if (usable.test(host)) {
        return host;
      }
    }
    return null;
  }

  private int firstAtOrAfter(int hash) {
    long target = hash & 0xffffffffL;
    int lo = 0;
    int hi = points.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if ((points[mid] & 0xffffffffL) < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == points.length ? 0 : lo;
  }

  /** MurmurHash3's 32-bit finalizer: spreads poor hash codes over the whole ring. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
