package dev.tandem.cluster.hotwarm.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tandem.cluster.hotwarm.CborSerializable;

/** What a hot-warm singleton writes to the journal: the user's events, stamped, and epoch starts. */
public sealed interface Journaled extends CborSerializable {

  /** The epoch of the active that wrote it. */
  long epoch();

  /**
   * One user event, written by the active of {@code epoch} for command {@code commandId} at {@code
   * appliedAt} (the active's clock, epoch ms; 0 in journals written before it existed). The last
   * event of a command carries the command's reply, so the memory of applied commands is rebuilt
   * from the journal alone.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Applied(
      long epoch,
      String commandId,
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class") Object event,
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class") Object reply,
      long appliedAt)
      implements Journaled {
    /** Whether this is the last event of its command (it carries the reply). */
    public boolean last() {
      return reply != null;
    }
  }

  /** An active on {@code node} took over and owns every write from here until the next epoch. */
  record EpochStarted(long epoch, String node) implements Journaled {}
}
