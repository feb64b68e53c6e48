package dev.tandem.pool.internal;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A consistent-hash ring: each member owns {@code virtualNodes} points placed by hashing its stable
 * id, so adding or removing one member moves only the keys on its own points. Immutable.
 *
 * <p>Internal API, shared by the local pool (members are worker slots) and the cluster pool
 * (members are nodes); it may change without notice.
 *
 * @param <T> the members
 */
public final class HashRing<T> {

  private final int[] points;
  private final Object[] owners;

  private HashRing(int[] points, Object[] owners) {
    this.points = points;
    this.owners = owners;
  }

  /**
   * Places {@code virtualNodes} points for each member. Two rings built from the same members in
   * the same order with the same ids are identical; ties between points go to the earlier member.
   *
   * @throws IllegalArgumentException if {@code virtualNodes < 1} or there are more than 2^20 members
   */
  public static <T> HashRing<T> of(List<T> members, ToIntFunction<? super T> id, int virtualNodes) {
    if (virtualNodes < 1) {
      throw new IllegalArgumentException("virtual nodes must be at least 1, was " + virtualNodes);
    }
    if (members.size() > 0xfffff) {
      throw new IllegalArgumentException("at most " + 0xfffff + " members, was " + members.size());
    }
    int total = members.size() * virtualNodes;
    long[] packed = new long[total];
    int k = 0;
    for (int m = 0; m < members.size(); m++) {
      int base = id.applyAsInt(members.get(m));
      for (int v = 0; v < virtualNodes; v++) {
        int point = mix(base * 1_000_003 + v * 7919 + 1);
        // Sort by point (as unsigned), then by member index to make ties deterministic.
        packed[k++] = ((point & 0xffffffffL) << 20) | m;
      }
    }
    Arrays.sort(packed);
    int[] points = new int[total];
    Object[] owners = new Object[total];
    for (int i = 0; i < total; i++) {
      points[i] = (int) (packed[i] >>> 20);
      owners[i] = members.get((int) (packed[i] & 0xfffff));
    }
    return new HashRing<>(points, owners);
  }

  /**
   * The first member at or after {@code hash} on the ring that {@code usable} accepts, or null when
   * none does (or the ring is empty). Pass a hash spread by {@link #mix(int)}.
   */
  @SuppressWarnings("unchecked")
  public T ownerOf(int hash, Predicate<? super T> usable) {
    int n = points.length;
    int start = firstAtOrAfter(hash);
    for (int i = 0; i < n; i++) {
      T member = (T) owners[(start + i) % n];
      if (usable.test(member)) {
        return member;
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
  public static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
