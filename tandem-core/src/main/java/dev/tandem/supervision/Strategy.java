package dev.tandem.supervision;

/**
 * Which children a supervisor restarts when one of them fails, as in Erlang/OTP.
 *
 * <p>Whatever the strategy, the children to restart are first stopped one at a time in reverse
 * start order (each finishes its {@code PreRestart} clean-up, and its own children are stopped,
 * before the next is touched), then started again one at a time in start order.
 */
public enum Strategy {
  /** Only the failed child is restarted; its siblings keep running untouched. */
  ONE_FOR_ONE,
  /** Every child is restarted: use it when the children only make sense together. */
  ONE_FOR_ALL,
  /**
   * The failed child and every child started after it are restarted; earlier children are
   * untouched. Use it when later children depend on earlier ones.
   */
  REST_FOR_ONE
}
