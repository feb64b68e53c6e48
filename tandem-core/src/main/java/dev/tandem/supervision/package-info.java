/**
 * Supervision trees with Erlang/OTP semantics on Pekko Typed.
 *
 * <p>The public face:
 *
 * <ul>
 *   <li>{@link dev.tandem.supervision.Supervisor#builder(String)}: declare a supervisor (children,
 *       {@link dev.tandem.supervision.Strategy}, {@link dev.tandem.supervision.RestartIntensity},
 *       optional {@link dev.tandem.supervision.Backoff}) and get a {@code Behavior} back.
 *   <li>{@link dev.tandem.supervision.ChildSpec} and {@link dev.tandem.supervision.Restart}: one
 *       child as data.
 *   <li>{@link dev.tandem.supervision.Supervisor.Command}: look children up ({@code WhereIs},
 *       {@link dev.tandem.supervision.Supervisor#lookup}), list them ({@code WhichChildren}),
 *       subscribe to {@link dev.tandem.supervision.SupervisionEvent}s.
 *   <li>{@link dev.tandem.supervision.SupervisorEscalation}: how a supervisor fails when its
 *       intensity is exceeded.
 * </ul>
 *
 * <p>Settings: {@code tandem.supervision} in {@code reference.conf}.
 */
package dev.tandem.supervision;
