package dev.tandem.samples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.cluster.hotwarm.Effect;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private final Ledger ledger = Ledger.create();

  /** Runs a command the way the active does: decide, then apply the events. */
  private Ledger.State apply(Ledger.State state, Effect<Ledger.Event, Ledger.State, Ledger.Reply> effect) {
    Ledger.State next = state;
    for (Ledger.Event e : effect.events()) {
      next = ledger.onEvent(next, e);
    }
    return next;
  }

  private static long sum(Ledger.State state) {
    return state.balances().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  @DisplayName("the sum of all balances never changes, whatever transfers are tried")
  void sumNeverChanges() {
    Random random = new Random(42);
    Ledger.State state = ledger.emptyState();
    assertEquals(Ledger.TOTAL, sum(state));
    int applied = 0;
    for (int i = 0; i < 5_000; i++) {
      String from = Ledger.account(random.nextInt(Ledger.ACCOUNTS + 1)); // now and then an unknown account
      String to = Ledger.account(random.nextInt(Ledger.ACCOUNTS));
      var effect = ledger.onCommand(state, new Ledger.Transfer(from, to, random.nextInt(600) - 50, 0));
      applied += effect.events().size();
      state = apply(state, effect);
      assertEquals(Ledger.TOTAL, sum(state), "after transfer " + i);
      assertTrue(state.balances().values().stream().allMatch(b -> b >= 0), "no balance below zero");
    }
    assertTrue(applied > 1_000, "most transfers were applied (" + applied + ")");
  }

  @Test
  @DisplayName("a transfer that would overdraw its source is refused, and the refusal is recorded without moving money")
  void overdraftRefused() {
    Ledger.State before = ledger.emptyState();
    var effect = ledger.onCommand(before,
        new Ledger.Transfer(Ledger.account(0), Ledger.account(1), Ledger.OPENING_BALANCE + 1, 0));
    assertEquals(1, effect.events().size());
    assertInstanceOf(Ledger.TransferRefused.class, effect.events().get(0));
    Ledger.State after = apply(before, effect);
    assertEquals(before, after);
    assertEquals(new Ledger.Refused("insufficient funds"), effect.replyFor(after));
  }

  @Test
  @DisplayName("an applied transfer replies with the source's new balance and leaves the old state as it was")
  void appliedTransfer() {
    Ledger.State before = ledger.emptyState();
    var effect = ledger.onCommand(before, new Ledger.Transfer(Ledger.account(2), Ledger.account(3), 300, 10));
    Ledger.State after = apply(before, effect);
    assertEquals(new Ledger.Done(700), effect.replyFor(after));
    assertEquals(1_300, after.balances().get(Ledger.account(3)));
    assertEquals(Ledger.OPENING_BALANCE, before.balances().get(Ledger.account(2)), "state is immutable");
  }

  @Test
  @DisplayName("reading the balances persists nothing and returns every account")
  void readBalances() {
    var effect = ledger.onCommand(ledger.emptyState(), new Ledger.ReadBalances());
    assertTrue(effect.events().isEmpty());
    Ledger.Balances balances = assertInstanceOf(Ledger.Balances.class, effect.replyFor(ledger.emptyState()));
    assertEquals(Ledger.ACCOUNTS, balances.balances().size());
    assertEquals(Ledger.TOTAL, balances.sum());
  }
}
