package dev.tandem.cluster.hotwarm;

/**
 * An event-sourced singleton, written the way Pekko's {@code EventSourcedBehavior} is: commands
 * decide, events record, state is the fold of the events.
 *
 * <p>Unlike Pekko's, a command handler returns its reply as a value ({@link Effect#thenReply}) rather
 * than sending it: that lets Tandem remember the reply of every recent command in the singleton's
 * state, answer a retried command with the original reply, and keep that memory across a takeover.
 *
 * <p>Both handlers must be pure and deterministic: {@link #onEvent} runs on the active, on every warm
 * standby and on every recovery, and must give the same state each time; {@link #onCommand} may run
 * again for a retry of a command that was never persisted. State should be immutable: a warm
 * standby hands its state object over to the new active without copying it.
 *
 * @param <C> commands (implement {@link CborSerializable})
 * @param <E> events (implement {@link CborSerializable})
 * @param <S> state (implement {@link CborSerializable} if snapshots are on)
 * @param <R> replies (implement {@link CborSerializable})
 */
public interface HotWarmBehavior<C, E, S, R> {

  /** The state before the first event. */
  S emptyState();

  /**
   * Decides what a command does: events to persist and the reply, or just a reply. An exception
   * here fails only this command; the caller's future completes with it after the retries.
   */
  Effect<E, S, R> onCommand(S state, C command);

  /** Applies one persisted event to the state. */
  S onEvent(S state, E event);
}
