package dev.tandem.cluster.hotwarm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecentCommandsTest {

  @Test
  @DisplayName("a burst beyond the count keeps every id younger than the retention")
  void burstKeepsYoungIds() {
    RecentCommands recent = new RecentCommands(3, 1_000);
    for (int i = 0; i < 10; i++) {
      recent.remember("c-" + i, "reply-" + i, 5_000 + i);
    }
    assertEquals(10, recent.size());
    assertEquals(Optional.of("reply-0"), recent.replyOf("c-0"));
  }

  @Test
  @DisplayName("ids beyond the count are forgotten once older than the retention, oldest first")
  void oldIdsBeyondTheCountAreForgotten() {
    RecentCommands recent = new RecentCommands(3, 1_000);
    for (int i = 0; i < 10; i++) {
      recent.remember("c-" + i, "reply-" + i, 5_000 + i);
    }
    recent.remember("late", "reply-late", 6_005); // c-0..c-4 are now more than 1 000 ms older
    assertEquals(Optional.empty(), recent.replyOf("c-4"));
    assertEquals(Optional.of("reply-5"), recent.replyOf("c-5"), "exactly 1 000 ms older: kept");
    assertEquals(6, recent.size());
  }

  @Test
  @DisplayName("within the count nothing is forgotten, however old")
  void countIsAFloor() {
    RecentCommands recent = new RecentCommands(3, 1_000);
    recent.remember("a", 1, 1_000);
    recent.remember("b", 2, 50_000);
    recent.remember("c", 3, 90_000);
    assertEquals(Optional.of(1), recent.replyOf("a"));
    recent.remember("d", 4, 90_001);
    assertEquals(Optional.empty(), recent.replyOf("a"));
    assertEquals(3, recent.size());
  }

  @Test
  @DisplayName("ids without a timestamp (older journals) are kept by count only")
  void untimedIdsByCount() {
    RecentCommands recent = new RecentCommands(3, 60_000);
    for (int i = 0; i < 10; i++) {
      recent.remember("seed-" + i, i, 0);
    }
    assertEquals(3, recent.size());
    assertTrue(recent.replyOf("seed-9").isPresent());
  }

  @Test
  @DisplayName("a snapshot restores the same memory, which then forgets the same ids")
  void snapshotRoundTrip() {
    RecentCommands recent = new RecentCommands(2, 1_000);
    for (int i = 0; i < 6; i++) {
      recent.remember("c-" + i, i, 10_000 + 300L * i);
    }
    RecentCommands restored = RecentCommands.of(2, 1_000, recent.toList());
    assertEquals(recent.toList(), restored.toList());
    recent.remember("next", 99, 12_000);
    restored.remember("next", 99, 12_000);
    assertEquals(recent.toList(), restored.toList());
  }
}
