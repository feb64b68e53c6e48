package dev.tandem.testkit.multinode;

/** A node's life cycle as the kit sees it. */
public enum NodeState {
  /** Launched; its ActorSystem is not running yet. */
  STARTING,
  /** Its ActorSystem runs and it has reported to the test. */
  RUNNING,
  /** Frozen with SIGSTOP. */
  PAUSED,
  /** Stopped gracefully by the test. */
  STOPPED,
  /** Killed by the test. */
  KILLED,
  /** Ended without the test asking: a crash, a failed start, or its ActorSystem terminated (e.g. downed). */
  EXITED;

  /** True while the node's process exists (running or paused). */
  public boolean isAlive() {
    return this == STARTING || this == RUNNING || this == PAUSED;
  }
}
