package dev.tandem.cluster.hotwarm.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tandem.cluster.hotwarm.CborSerializable;
import dev.tandem.cluster.hotwarm.HotWarmBehavior;
import dev.tandem.cluster.hotwarm.HotWarmSettings;
import java.util.List;
import java.util.Optional;

/**
 * A singleton's whole state: the user's state, the current epoch and its node, and the memory of
 * recent commands. The same fold runs on the active, on standbys and in recovery.
 */
public final class HotWarmState {
  private Object user;
  private long epoch;
  private String epochNode;
  private final RecentCommands recent;

  HotWarmState(Object user, long epoch, String epochNode, RecentCommands recent) {
    this.user = user;
    this.epoch = epoch;
    this.epochNode = epochNode;
    this.recent = recent;
  }

  static HotWarmState empty(HotWarmBehavior<?, ?, ?, ?> behavior, HotWarmSettings settings) {
    return new HotWarmState(behavior.emptyState(), 0, "", RecentCommands.of(settings, List.of()));
  }

  /** Applies one journal event (in place: the state has one owner at a time). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  HotWarmState apply(HotWarmBehavior behavior, Journaled event) {
    if (event instanceof Journaled.Applied applied) {
      user = behavior.onEvent(user, applied.event());
      if (applied.epoch() > epoch) {
        // Written by an active whose EpochStarted we have not seen (cannot happen with one writer
        // per epoch, but a fold must never go backwards).
        epoch = applied.epoch();
      }
      if (applied.last()) {
        recent.remember(applied.commandId(), applied.reply(), applied.appliedAt());
      }
    } else if (event instanceof Journaled.EpochStarted started) {
      epoch = Math.max(epoch, started.epoch());
      epochNode = started.node();
    }
    return this;
  }

  Object user() {
    return user;
  }

  long epoch() {
    return epoch;
  }

  String epochNode() {
    return epochNode;
  }

  Optional<Object> replyOf(String commandId) {
    return recent.replyOf(commandId);
  }

  int remembered() {
    return recent.size();
  }

  /** An immutable, serializable copy for the snapshot store. */
  Snapshot toSnapshot() {
    return new Snapshot(user, epoch, epochNode, recent.toList());
  }

  static HotWarmState fromSnapshot(Snapshot snapshot, HotWarmSettings settings) {
    return new HotWarmState(
        snapshot.user(),
        snapshot.epoch(),
        snapshot.epochNode(),
        RecentCommands.of(settings, snapshot.recent()));
  }

  /** The snapshot form of the state. */
  public record Snapshot(
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class") Object user,
      long epoch,
      String epochNode,
      List<Remembered> recent)
      implements CborSerializable {}

  /** One remembered command, its reply, and when it was applied (the active's clock, epoch ms). */
  public record Remembered(
      String commandId,
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class") Object reply,
      long appliedAt) {}
}
