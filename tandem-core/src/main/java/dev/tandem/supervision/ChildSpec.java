package dev.tandem.supervision;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;

/**
 * One child of a supervisor, as data: its name (unique among its siblings, and the last element of
 * its actor path), the factory that makes a fresh behavior for every start, and its restart type.
 *
 * <p>The factory is called again for every restart, so each incarnation starts from a clean state.
 * A factory that throws, or a behavior whose set-up throws, counts as a failure of the child under
 * the supervisor's usual rules.
 *
 * <p>Validation happens in {@link Supervisor.Builder#build()}, which names the offending child.
 *
 * @param <T> the child's message type
 */
public record ChildSpec<T>(String name, Supplier<? extends Behavior<T>> factory, Restart restart) {

  /** A permanent child. */
  public static <T> ChildSpec<T> permanent(String name, Supplier<? extends Behavior<T>> factory) {
    return new ChildSpec<>(name, factory, Restart.PERMANENT);
  }
}
