package dev.tandem.testkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CheckersTest {

  /** c1 writes tx-1 (ok), tx-2 (fail), tx-3 (unknown); c2 writes tx-4 (ok), and tx-5 twice (timeout, then ok). */
  static History clients() {
    HistoryRecorder r = HistoryRecorder.create();
    r.invoke("c1", "add", "tx-1", 10).ok();
    r.invoke("c1", "add", "tx-2", 20).fail("rejected");
    r.invoke("c2", "add", "tx-4", 40).ok();
    r.invoke("c1", "add", "tx-3", 30).unknown("timeout");
    r.invoke("c2", "add", "tx-5", 50).unknown("timeout");
    r.invoke("c2", "add", "tx-5", 50).ok();
    r.invoke("c3", "read").ok(100);
    return r.history();
  }

  @Nested
  class NoLostWritesTest {
    @Test
    @DisplayName("passes when every acknowledged write is present, with or without the unknown one")
    void good() {
      NoLostWrites.check(clients(), List.of("tx-1", "tx-4", "tx-5")).assertValid();
      NoLostWrites.check(clients(), List.of("tx-1", "tx-3", "tx-4", "tx-5")).assertValid();
    }

    @Test
    @DisplayName("flags an acknowledged write missing from the final state and names its operations")
    void lostAck() {
      CheckResult result = NoLostWrites.check(clients(), List.of("tx-1", "tx-5"));
      assertFalse(result.valid());
      Violation lost = result.violations("lost-write").get(0);
      assertEquals(1, result.violations().size(), result.report());
      assertTrue(lost.description().contains("tx-4"), lost.description());
      assertEquals(List.of(Operation.Type.INVOKE, Operation.Type.OK),
          lost.operations().stream().map(Operation::type).toList());
      assertTrue(lost.operations().stream().allMatch(op -> op.key().equals("tx-4") && op.process().equals("c2")));
      AssertionError e = assertThrows(AssertionError.class, result::assertValid);
      assertTrue(e.getMessage().contains("tx-4"), e.getMessage());
    }

    @Test
    @DisplayName("flags a write reported as failed that was applied anyway, and a write nobody invoked")
    void failedAndUnexpected() {
      CheckResult result = NoLostWrites.check(clients(), List.of("tx-1", "tx-2", "tx-4", "tx-5", "tx-99"));
      assertEquals(1, result.violations("failed-write-applied").size(), result.report());
      assertTrue(result.violations("failed-write-applied").get(0).description().contains("tx-2"));
      assertEquals(1, result.violations("unexpected-write").size(), result.report());
      assertTrue(result.violations("unexpected-write").get(0).description().contains("tx-99"));
    }
  }

  @Nested
  class NoDuplicateWritesTest {
    @Test
    @DisplayName("passes when every key was applied once, retries included")
    void good() {
      NoDuplicateWrites.check(clients(), List.of("tx-1", "tx-4", "tx-3", "tx-5")).assertValid();
    }

    @Test
    @DisplayName("flags a retried write applied twice and names both attempts")
    void duplicate() {
      CheckResult result = NoDuplicateWrites.check(clients(), List.of("tx-1", "tx-5", "tx-4", "tx-5"));
      assertEquals(1, result.violations().size(), result.report());
      Violation dup = result.violations("duplicate-write").get(0);
      assertTrue(dup.description().contains("tx-5") && dup.description().contains("[1, 3]"), dup.description());
      assertEquals(2, dup.operations().stream().filter(op -> op.type() == Operation.Type.INVOKE).count());
    }
  }

  @Nested
  class SingleWriterTest {
    static WriteRecord w(String writer, long epoch, long seqNr, long nanos) {
      return new WriteRecord(writer, epoch, seqNr, nanos, "cmd-" + seqNr);
    }

    @Test
    @DisplayName("passes a clean handover: node-1 writes 1-3 under epoch 1, node-2 writes 4-5 under epoch 2")
    void handover() {
      SingleWriter.check(List.of(
          w("node-1", 1, 1, 100), w("node-1", 1, 2, 200), w("node-1", 1, 3, 300),
          w("node-2", 2, 4, 400), w("node-2", 2, 5, 500))).assertValid();
    }

    @Test
    @DisplayName("flags two overlapping writers and names the stale writer's writes after the new one started")
    void overlapping() {
      CheckResult result = SingleWriter.check(List.of(
          w("node-1", 1, 1, 100), w("node-1", 1, 2, 200),
          w("node-2", 2, 3, 250),
          w("node-1", 1, 4, 300), w("node-2", 2, 5, 400)));
      List<Violation> overlaps = result.violations("overlapping-writers");
      assertEquals(1, overlaps.size(), result.report());
      assertEquals(List.of(w("node-2", 2, 3, 250), w("node-1", 1, 4, 300)), overlaps.get(0).writes());
      assertEquals(1, result.violations("stale-write").size(), result.report());
      assertTrue(result.violations("stale-write").get(0).description().contains("seqNr 4"), result.report());
    }

    @Test
    @DisplayName("flags a forked sequence number and a shared epoch")
    void forkAndSharedEpoch() {
      CheckResult result = SingleWriter.check(List.of(
          w("node-1", 1, 1, 100), w("node-1", 1, 2, 200),
          w("node-2", 1, 2, 300)));
      assertEquals(1, result.violations("duplicate-seqnr").size(), result.report());
      assertEquals(2, result.violations("duplicate-seqnr").get(0).writes().size());
      assertEquals(1, result.violations("shared-epoch").size(), result.report());
    }

    @Test
    @DisplayName("reads the write records of a recorded history")
    void fromRecorder() {
      HistoryRecorder r = HistoryRecorder.create();
      r.recordWrite("node-1", 1, 1, "a");
      r.recordWrite("node-1", 1, 2, "b");
      r.recordWrite("node-2", 2, 3, "c");
      SingleWriter.check(r.history()).assertValid();
      r.recordWrite("node-1", 1, 4, "d");
      assertFalse(SingleWriter.check(r.history()).valid());
    }
  }

  @Nested
  class CounterTotalTest {
    @Test
    @DisplayName("passes any total between the acknowledged sum and that sum plus the unknown writes")
    void good() {
      // acknowledged: tx-1 10, tx-4 40, tx-5 50 (retried, counted once) = 100; unknown tx-3 30.
      CounterTotal.check(clients(), 0, 100).assertValid();
      CounterTotal.check(clients(), 0, 130).assertValid();
      CounterTotal.check(clients(), 1000, 1100).assertValid();
    }

    @Test
    @DisplayName("flags a total below the acknowledged sum and one above what clients could have caused")
    void bad() {
      CheckResult low = CounterTotal.check(clients(), 0, 60);
      assertEquals(1, low.violations("total-too-low").size(), low.report());
      assertTrue(low.violations().get(0).description().contains("40 below"), low.report());
      assertTrue(low.violations().get(0).operations().stream().anyMatch(op -> op.key().equals("tx-3")),
          "names the unknown write that widened the range");

      CheckResult high = CounterTotal.check(clients(), 0, 150);
      assertEquals(1, high.violations("total-too-high").size(), high.report());
      assertTrue(high.violations().get(0).description().contains("20 above"), high.report());
    }
  }
}
