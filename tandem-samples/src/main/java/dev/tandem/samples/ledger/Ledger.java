package dev.tandem.samples.ledger;

import dev.tandem.cluster.hotwarm.CborSerializable;
import dev.tandem.cluster.hotwarm.Effect;
import dev.tandem.cluster.hotwarm.HotWarmBehavior;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger: accounts with balances, run as a hot-warm singleton. Money only moves between
 * accounts, so the sum of all balances is the same after every event: {@link #TOTAL}.
 *
 * <p>Every account opens with {@link #OPENING_BALANCE}; a transfer that would overdraw its source
 * is refused, and the refusal is recorded ({@link TransferRefused}) so a retry gets the same answer. Transfers carry ids (the hot-warm command id), so a client that
 * retries after a timeout or a takeover gets the original reply and the transfer is applied once.
 */
public final class Ledger implements HotWarmBehavior<Ledger.Command, Ledger.Event, Ledger.State, Ledger.Reply> {

  /** How many accounts the ledger holds: acc-0 .. acc-(n-1). */
  public static final int ACCOUNTS = 10;
  public static final long OPENING_BALANCE = 1_000;
  /** The invariant: the sum of all balances, always. */
  public static final long TOTAL = ACCOUNTS * OPENING_BALANCE;

  public sealed interface Command extends CborSerializable {}

  /** Moves {@code amount} from one account to another; {@code risk} is the score the pool gave it. */
  public record Transfer(String from, String to, long amount, int risk) implements Command {}

  /** Reads every balance. */
  public record ReadBalances() implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Transferred(String from, String to, long amount) implements Event {}

  /** A transfer refused for a reason that depends on the state; changes no balance. */
  public record TransferRefused(String from, String to, long amount, String why) implements Event {}

  public sealed interface Reply extends CborSerializable {}

  public record Done(long fromBalance) implements Reply {}

  public record Refused(String why) implements Reply {}

  public record Balances(Map<String, Long> balances) implements Reply {
    public long sum() {
      return balances.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Immutable: {@link #apply} returns a new state. */
  public record State(Map<String, Long> balances) implements CborSerializable {
    long balance(String account) {
      return balances.getOrDefault(account, 0L);
    }

    State apply(Transferred t) {
      Map<String, Long> next = new TreeMap<>(balances);
      next.put(t.from(), balance(t.from()) - t.amount());
      next.put(t.to(), balance(t.to()) + t.amount());
      return new State(Map.copyOf(next));
    }
  }

  public static Ledger create() {
    return new Ledger();
  }

  /** The account names, in order. */
  public static String account(int i) {
    return "acc-" + i;
  }

  private Ledger() {}

  @Override
  public State emptyState() {
    Map<String, Long> opening = new TreeMap<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      opening.put(account(i), OPENING_BALANCE);
    }
    return new State(Map.copyOf(opening));
  }

  @Override
  public Effect<Event, State, Reply> onCommand(State state, Command command) {
    if (command instanceof Transfer t) {
      if (!state.balances().containsKey(t.from()) || !state.balances().containsKey(t.to())) {
        return Effect.reply(new Refused("unknown account"));
      }
      if (t.amount() <= 0 || t.from().equals(t.to())) {
        return Effect.reply(new Refused("not a transfer"));
      }
      if (state.balance(t.from()) < t.amount()) {
        // Persisted, not just replied: this refusal depends on the state, and hot-warm remembers
        // only the replies of persisted commands. A reply-only refusal would be decided again for a
        // resent copy of the command (the client proxy resends when an answer is slow), which could
        // then apply the transfer after the client was told it was refused.
        return Effect.<Event>persist(new TransferRefused(t.from(), t.to(), t.amount(), "insufficient funds"))
            .thenReply(s -> new Refused("insufficient funds"));
      }
      return Effect.<Event>persist(new Transferred(t.from(), t.to(), t.amount()))
          .thenReply(s -> new Done(s.balance(t.from())));
    }
    return Effect.reply(new Balances(new TreeMap<>(state.balances())));
  }

  @Override
  public State onEvent(State state, Event event) {
    return event instanceof Transferred t ? state.apply(t) : state;
  }
}
