package dev.tandem.pool.internal;

import java.util.Arrays;

/**
 * A consistent-hash ring: each slot owns {@code virtualNodes} points placed by hashing its stable
 * id, so adding or removing one slot moves only the keys on its own points. Immutable.
 */
final class HashRing {

  private final int[] points;
  private final Slot[] owners;

  private HashRing(int[] points, Slot[] owners) {
    this.points = points;
    this.owners = owners;
  }

  static HashRing of(Slot[] slots, int virtualNodes) {
    int total = slots.length * virtualNodes;
    long[] packed = new long[total];
    int k = 0;
    for (int s = 0; s < slots.length; s++) {
      for (int v = 0; v < virtualNodes; v++) {
        int point = mix(slots[s].id * 1_000_003 + v * 7919 + 1);
        // Sort by point (as unsigned), then by slot index to make ties deterministic.
        packed[k++] = ((point & 0xffffffffL) << 20) | s;
      }
    }
    Arrays.sort(packed);
    int[] points = new int[total];
    Slot[] owners = new Slot[total];
    for (int i = 0; i < total; i++) {
      points[i] = (int) (packed[i] >>> 20);
      owners[i] = slots[(int) (packed[i] & 0xfffff)];
    }
    return new HashRing(points, owners);
  }

  /** The first live slot other than {@code avoid} at or after {@code hash}, or null. */
  Slot ownerOf(int hash, Slot avoid) {
    int start = firstAtOrAfter(hash);
    int n = points.length;
    for (int i = 0; i < n; i++) {
      Slot slot = owners[(start + i) % n];
      if (slot.isUp() && slot != avoid) {
        return slot;
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

  /** MurmurHash3's 32-bit finalizer: spreads poor hashCodes over the whole ring. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
