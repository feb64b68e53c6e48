package dev.tandem.cluster.hotwarm;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a command does: {@code Effect.persist(events).thenReply(state -> reply)} or {@code
 * Effect.reply(reply)}.
 *
 * <p>Persisted: the events are written atomically, the reply is computed from the state after them
 * and remembered with them, and the caller gets it only once the write is acknowledged by the
 * journal. A reply-only effect writes nothing and is not remembered (asking again recomputes it).
 */
public final class Effect<E, S, R> {

  private final List<E> events;
  private final Function<? super S, ? extends R> reply;

  private Effect(List<E> events, Function<? super S, ? extends R> reply) {
    this.events = events;
    this.reply = reply;
  }

  /** Persist one event, then reply. */
  public static <E> Persist<E> persist(E event) {
    return new Persist<>(List.of(Objects.requireNonNull(event, "event")));
  }

  /** Persist these events atomically (all or none), then reply. */
  public static <E> Persist<E> persist(List<? extends E> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("persist needs at least one event; use Effect.reply");
    }
    return new Persist<>(List.copyOf(events));
  }

  /** Reply without persisting anything. */
  public static <E, S, R> Effect<E, S, R> reply(R reply) {
    Objects.requireNonNull(reply, "reply");
    return new Effect<>(List.of(), state -> reply);
  }

  /** The events to persist (empty for a reply-only effect). */
  public List<E> events() {
    return events;
  }

  /** The reply, given the state after the events. */
  public R replyFor(S stateAfter) {
    return Objects.requireNonNull(reply.apply(stateAfter), "a reply must not be null");
  }

  /** The first half of a persisting effect. */
  public static final class Persist<E> {
    private final List<E> events;

    private Persist(List<E> events) {
      this.events = events;
    }

    /** The reply, computed from the state after the events were applied. */
    public <S, R> Effect<E, S, R> thenReply(Function<? super S, ? extends R> reply) {
      return new Effect<>(events, Objects.requireNonNull(reply, "reply"));
    }
  }
}
