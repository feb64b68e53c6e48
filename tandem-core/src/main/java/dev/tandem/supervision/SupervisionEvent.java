package dev.tandem.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a supervisor did, published to its listeners (see {@link Supervisor.Subscribe}) after it
 * happened. Every event is also logged: restarts at INFO, removals at INFO, escalations at ERROR,
 * with the chain of causes and without a stack trace.
 */
public sealed interface SupervisionEvent {

  /** The supervisor's name as given to {@link Supervisor#builder(String)}. */
  String supervisor();

  /** When the supervisor finished the action. */
  Instant timestamp();

  /**
   * A child was started again.
   *
   * @param child the restarted child
   * @param trigger the child whose end caused the restart: {@code child} itself, or a sibling under
   *     {@link Strategy#ONE_FOR_ALL} and {@link Strategy#REST_FOR_ONE}
   * @param cause the trigger's failure, empty when a permanent child stopped itself normally
   * @param restartsInWindow restarts counted in the intensity window, this one included
   * @param intensity the supervisor's limit
   * @param strategy the supervisor's strategy
   * @param downtime from the moment the trigger was reported to this child running again
   */
  record ChildRestarted(
      String supervisor,
      String child,
      String trigger,
      Optional<Throwable> cause,
      int restartsInWindow,
      RestartIntensity intensity,
      Strategy strategy,
      Duration downtime,
      Instant timestamp)
      implements SupervisionEvent {}

  /**
   * A child ended and, by its restart type, is not started again: a temporary child that ended, or
   * a transient child that stopped normally. Its name stays reserved; its siblings are not touched.
   *
   * @param cause the failure, empty for a normal stop
   */
  record ChildRemoved(
      String supervisor, String child, Restart restart, Optional<Throwable> cause, Instant timestamp)
      implements SupervisionEvent {}

  /**
   * The supervisor exceeded its restart intensity, stopped all its children in reverse start order
   * and failed itself with a {@link SupervisorEscalation}, leaving the decision to its parent.
   *
   * @param failedChild the child whose end exceeded the intensity
   * @param cause its failure, empty when a permanent child stopped itself normally once too often
   * @param restartsInWindow restarts already done in the window
   */
  record Escalated(
      String supervisor,
      String failedChild,
      Optional<Throwable> cause,
      int restartsInWindow,
      RestartIntensity intensity,
      Instant timestamp)
      implements SupervisionEvent {}
}
