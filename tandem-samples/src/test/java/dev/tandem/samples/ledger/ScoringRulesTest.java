package dev.tandem.samples.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScoringRulesTest {

  @Test
  @DisplayName("a transfer to itself, a non-positive amount or one over the limit is declined")
  void declined() {
    assertInstanceOf(TransferScoring.Declined.class, ScoringRules.verdict("acc-1", "acc-1", 5));
    assertInstanceOf(TransferScoring.Declined.class, ScoringRules.verdict("acc-1", "acc-2", 0));
    assertInstanceOf(TransferScoring.Declined.class, ScoringRules.verdict("acc-1", "acc-2", -3));
    assertEquals(new TransferScoring.Declined("amount 401 over the limit 400"),
        ScoringRules.verdict("acc-1", "acc-2", ScoringRules.LIMIT + 1));
  }

  @Test
  @DisplayName("a transfer within the limit is approved with a risk from 0 to 99 that grows with the amount")
  void approved() {
    assertEquals(new TransferScoring.Approved(0), ScoringRules.verdict("acc-1", "acc-2", 1));
    assertEquals(new TransferScoring.Approved(49), ScoringRules.verdict("acc-1", "acc-2", 200));
    assertEquals(new TransferScoring.Approved(99), ScoringRules.verdict("acc-1", "acc-2", ScoringRules.LIMIT));
  }

  @Test
  @DisplayName("the verdict depends only on the transfer: scoring it again, as a retry or a re-dispatch does, gives the same one")
  void deterministic() {
    for (long amount = -2; amount <= ScoringRules.LIMIT + 2; amount++) {
      assertEquals(ScoringRules.verdict("acc-3", "acc-4", amount), ScoringRules.verdict("acc-3", "acc-4", amount));
    }
  }
}
