package dev.tandem.cluster.hotwarm;

/** A small hot-warm behavior for tests: adds amounts, remembers the total and how many adds. */
final class Counter implements HotWarmBehavior<Counter.Command, Counter.Event, Counter.State, Counter.Reply> {

  sealed interface Command extends CborSerializable {}

  record Add(long amount) implements Command {}

  record Get() implements Command {}

  record Explode(String why) implements Command {}

  sealed interface Event extends CborSerializable {}

  record Added(long amount) implements Event {}

  record State(long total, long adds) implements CborSerializable {}

  record Reply(long total, long adds) implements CborSerializable {}

  static Counter create() {
    return new Counter();
  }

  @Override
  public State emptyState() {
    return new State(0, 0);
  }

  @Override
  public Effect<Event, State, Reply> onCommand(State state, Command command) {
    if (command instanceof Add add) {
      return Effect.<Event>persist(new Added(add.amount())).thenReply(s -> new Reply(s.total(), s.adds()));
    }
    if (command instanceof Explode explode) {
      throw new IllegalArgumentException(explode.why());
    }
    return Effect.reply(new Reply(state.total(), state.adds()));
  }

  @Override
  public State onEvent(State state, Event event) {
    Added added = (Added) event;
    return new State(state.total() + added.amount(), state.adds() + 1);
  }
}
