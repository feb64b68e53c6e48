package dev.tandem.testkit.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

  @Test
  @DisplayName("many threads recording at once give a well-formed history with every call paired")
  void concurrentRecording() throws Exception {
    HistoryRecorder recorder = HistoryRecorder.create();
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String process = "c" + t;
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          Invocation call = recorder.invoke(process, "add", process + "-" + i, 1);
          switch (i % 3) {
            case 0 -> call.ok();
            case 1 -> call.fail("rejected");
            default -> call.unknown("timeout");
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    History history = recorder.history();
    assertEquals(threads * perThread * 2, history.operations().size());
    List<History.Call> calls = history.calls();
    assertEquals(threads * perThread, calls.size());
    assertTrue(calls.stream().allMatch(c -> c.completion().isPresent()));
    for (int i = 1; i < history.operations().size(); i++) {
      assertTrue(history.operations().get(i - 1).nanos() <= history.operations().get(i).nanos(),
          "index order and time order agree");
    }
  }

  @Test
  @DisplayName("a process cannot open a second invocation before completing the first")
  void oneOpenInvocationPerProcess() {
    HistoryRecorder recorder = HistoryRecorder.create();
    recorder.invoke("c1", "write", "k1", 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> recorder.invoke("c1", "write", "k2", 0));
    assertTrue(e.getMessage().contains("c1"), e.getMessage());
  }

  @Test
  @DisplayName("an invocation can be completed only once")
  void completeOnce() {
    HistoryRecorder recorder = HistoryRecorder.create();
    Invocation call = recorder.invoke("c1", "write", "k1", 0);
    call.ok();
    assertThrows(IllegalStateException.class, () -> call.fail("late"));
  }

  @Test
  @DisplayName("an invocation left open shows up as an unknown call")
  void openCallIsUnknown() {
    HistoryRecorder recorder = HistoryRecorder.create();
    recorder.invoke("c1", "write", "k1", 0);
    History.Call call = recorder.history().calls().get(0);
    assertTrue(call.completion().isEmpty());
    assertEquals(Operation.Type.UNKNOWN, call.outcome());
  }

  @Test
  @DisplayName("merging orders entries by time, re-indexes them, and refuses a process id used in two histories")
  void merge() {
    HistoryRecorder a = HistoryRecorder.create();
    HistoryRecorder b = HistoryRecorder.create();
    a.invoke("a1", "write", "x", 0).ok();
    b.invoke("b1", "write", "y", 0).ok();
    a.invoke("a1", "write", "z", 0).ok();
    History merged = History.merge(a.history(), b.history());
    assertEquals(List.of("x", "x", "y", "y", "z", "z"),
        merged.operations().stream().map(Operation::key).toList());
    for (int i = 0; i < merged.operations().size(); i++) {
      assertEquals(i, merged.operations().get(i).index());
    }

    HistoryRecorder clash = HistoryRecorder.create();
    clash.invoke("a1", "write", "w", 0).ok();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> History.merge(a.history(), clash.history()));
    assertTrue(e.getMessage().contains("a1"), e.getMessage());
  }

  @Test
  @DisplayName("a hand-made history whose process invokes twice in a row is rejected")
  void malformedHistory() {
    Operation first = new Operation(0, "c1", Operation.Type.INVOKE, "write", "k1", 0, 1, "");
    Operation second = new Operation(1, "c1", Operation.Type.INVOKE, "write", "k2", 0, 2, "");
    assertThrows(IllegalArgumentException.class, () -> new History(List.of(first, second), List.of()));
  }
}
