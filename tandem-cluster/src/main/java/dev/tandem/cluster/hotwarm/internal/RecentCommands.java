package dev.tandem.cluster.hotwarm.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replies of the most recent applied commands, oldest evicted first. Mutable, and owned by one
 * actor at a time (the active, or the standby until it hands its state over): copying an immutable
 * map of thousands of entries for every event would cost more than the event.
 */
final class RecentCommands {
  private final int capacity;
  private final LinkedHashMap<String, Object> replies;

  RecentCommands(int capacity) {
    this.capacity = capacity;
    this.replies =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > RecentCommands.this.capacity;
          }
        };
  }

  static RecentCommands of(int capacity, List<HotWarmState.Remembered> remembered) {
    RecentCommands recent = new RecentCommands(capacity);
    for (HotWarmState.Remembered r : remembered) {
      recent.remember(r.commandId(), r.reply());
    }
    return recent;
  }

  void remember(String commandId, Object reply) {
    replies.put(commandId, reply);
  }

  Optional<Object> replyOf(String commandId) {
    return Optional.ofNullable(replies.get(commandId));
  }

  int size() {
    return replies.size();
  }

  List<HotWarmState.Remembered> toList() {
    List<HotWarmState.Remembered> list = new ArrayList<>(replies.size());
    replies.forEach((id, reply) -> list.add(new HotWarmState.Remembered(id, reply)));
    return list;
  }
}
