package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.hotwarm.HotWarmSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replies of recently applied commands, by command id, in the order they were applied. An id is
 * forgotten only when it is both beyond the last {@code capacity} ids and older than {@code
 * retentionMillis} before the newest one: a count alone would let a burst of commands push out an id
 * whose client is still retrying it (seen with an active cut off by a partition, which applied 10 000
 * commands from its own node's clients in the 7 s before it was downed).
 *
 * <p>Ages are measured between the commands' own timestamps (the active's clock when it applied
 * them, written in the journal), never against the clock of the node folding them, so the active,
 * every standby and every recovery forget the same ids. Commands without a timestamp (0, from
 * journals written before timestamps existed) are kept by count only.
 *
 * <p>Mutable, and owned by one actor at a time (the active, or the standby until it hands its state
 * over): copying an immutable map of thousands of entries for every event would cost more than the
 * event.
 */
final class RecentCommands {
  private final int capacity;
  private final long retentionMillis;
  private final LinkedHashMap<String, Entry> replies = new LinkedHashMap<>();
  private long newest;

  private record Entry(Object reply, long appliedAt) {}

  RecentCommands(int capacity, long retentionMillis) {
    this.capacity = capacity;
    this.retentionMillis = retentionMillis;
  }

  /**
   * A memory bounded by {@code settings} ({@code remembered-commands}, {@code remembered-for}),
   * holding {@code remembered}.
   */
  static RecentCommands of(HotWarmSettings settings, List<HotWarmState.Remembered> remembered) {
    return of(settings.rememberedCommands(), settings.rememberedFor().toMillis(), remembered);
  }

  static RecentCommands of(int capacity, long retentionMillis, List<HotWarmState.Remembered> remembered) {
    RecentCommands recent = new RecentCommands(capacity, retentionMillis);
    for (HotWarmState.Remembered r : remembered) {
      recent.remember(r.commandId(), r.reply(), r.appliedAt());
    }
    return recent;
  }

  /** Remembers that {@code commandId} was applied at {@code appliedAt} (epoch ms) with {@code reply}. */
  void remember(String commandId, Object reply, long appliedAt) {
    replies.put(commandId, new Entry(reply, appliedAt));
    newest = Math.max(newest, appliedAt);
    if (replies.size() <= capacity) {
      return; // the common case, on every applied command: nothing to look at
    }
    Iterator<Entry> eldest = replies.values().iterator();
    while (replies.size() > capacity) {
      Entry e = eldest.next();
      if (e.appliedAt() != 0 && newest - e.appliedAt() <= retentionMillis) {
        break; // still young enough: it and everything after it stay
      }
      eldest.remove();
    }
  }

  Optional<Object> replyOf(String commandId) {
    Entry e = replies.get(commandId);
    return e == null ? Optional.empty() : Optional.of(e.reply());
  }

  int size() {
    return replies.size();
  }

  List<HotWarmState.Remembered> toList() {
    List<HotWarmState.Remembered> list = new ArrayList<>(replies.size());
    for (Map.Entry<String, Entry> e : replies.entrySet()) {
      list.add(new HotWarmState.Remembered(e.getKey(), e.getValue().reply(), e.getValue().appliedAt()));
    }
    return list;
  }
}
