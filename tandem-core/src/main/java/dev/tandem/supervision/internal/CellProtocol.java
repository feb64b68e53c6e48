package dev.tandem.supervision.internal;

import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** Messages between a supervisor and the cells hosting its children. */
final class CellProtocol {
  private CellProtocol() {}

  /** Supervisor to cell. */
  sealed interface ToCell {}

  /** Start a fresh incarnation from the child's factory. */
  record Start(int incarnation) implements ToCell {}

  /** End the current incarnation (it gets PreRestart), stop its children, then report Parked. */
  record Park(int incarnation) implements ToCell {}

  /** Cell to supervisor. */
  sealed interface ToSupervisor {
    /**
     * The reporting cell. A supervisor restarted in place gets fresh cells, so this tells its
     * reports apart from late ones sent by the cells of its previous incarnation.
     */
    ActorRef<Object> cell();

    int incarnation();
  }

  record Started(ActorRef<Object> cell, int incarnation) implements ToSupervisor {}

  /** The incarnation ended: a failure (cause present) or a normal stop (cause empty). */
  record Ended(ActorRef<Object> cell, int incarnation, Optional<Throwable> cause)
      implements ToSupervisor {}

  record Parked(ActorRef<Object> cell, int incarnation) implements ToSupervisor {}
}
