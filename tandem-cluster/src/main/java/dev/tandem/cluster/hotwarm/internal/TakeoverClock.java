package dev.tandem.cluster.hotwarm.internal;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this node saw what happen to each other node (wall-clock ms): the raw material of a {@code
 * TakeoverReport}'s timeline. Written by the membership watcher and the crash probe, read by a new
 * active.
 */
final class TakeoverClock {

  enum Mark {
    UNREACHABLE,
    REFUSED,
    LEAVING,
    DOWNED,
    REMOVED
  }

  private final Map<String, Map<Mark, Long>> marks = new ConcurrentHashMap<>();

  /** Records the first time {@code mark} was seen for {@code node}; later repeats are ignored. */
  void mark(String node, Mark mark) {
    marks.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).putIfAbsent(mark, System.currentTimeMillis());
  }

  /** When {@code mark} was seen for {@code node}, if it was seen after {@code notBefore}. */
  OptionalLong when(String node, Mark mark, long notBefore) {
    Map<Mark, Long> forNode = marks.get(node);
    if (forNode == null) {
      return OptionalLong.empty();
    }
    Long at = forNode.get(mark);
    return at == null || at < notBefore ? OptionalLong.empty() : OptionalLong.of(at);
  }
}
