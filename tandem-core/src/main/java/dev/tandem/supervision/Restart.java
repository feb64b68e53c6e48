package dev.tandem.supervision;

/** When a child that has ended is started again, as in Erlang/OTP. */
public enum Restart {
  /** Always started again: after a failure and after it stopped itself normally. */
  PERMANENT,
  /**
   * Started again only after a failure; a child that stops itself normally is removed from the
   * supervisor.
   */
  TRANSIENT,
  /**
   * Never started again: when it ends, failed or not, it is removed. Its end does not count
   * against the restart intensity and does not restart its siblings.
   */
  TEMPORARY
}
