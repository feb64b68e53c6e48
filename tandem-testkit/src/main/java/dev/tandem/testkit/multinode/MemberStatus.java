package dev.tandem.testkit.multinode;

/** A member's status in a node's view: Pekko's member statuses, plus {@link #ABSENT}. */
public enum MemberStatus {
  JOINING, WEAKLY_UP, UP, LEAVING, EXITING, DOWN, REMOVED, PREPARING_FOR_SHUTDOWN, READY_FOR_SHUTDOWN,
  /** Not a member in this view: never joined, or removed. */
  ABSENT
}
