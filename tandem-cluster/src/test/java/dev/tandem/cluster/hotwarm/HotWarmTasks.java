package dev.tandem.cluster.hotwarm;

import dev.tandem.testkit.history.History;
import dev.tandem.testkit.history.HistoryRecorder;
import dev.tandem.testkit.history.Invocation;
import dev.tandem.testkit.history.WriteRecord;
import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** What the multi-node hot-warm tests run on their nodes. */
public final class HotWarmTasks {
  private HotWarmTasks() {}

  /** Start singleton {@code name} with {@code standbys} standbys on this node. */
  public record Init(String name, int standbys) {}

  /** A takeover report in plain numbers (-1 = not observed). */
  public record Report(String node, String previousNode, long epoch, long unreachableMs, long refusedMs,
      long leavingMs, long downedMs, long removedMs, long promotedMs, long recoveredMs, long firstServedMs,
      boolean warm, long standbyLag, long eventsReplayed, long sequenceNr, long originEpochMillis, String line) {

    static Report of(TakeoverReport r) {
      return new Report(r.node(), r.previousNode(), r.epoch(), r.unreachableMs().orElse(-1), r.refusedMs().orElse(-1),
          r.leavingMs().orElse(-1), r.downedMs().orElse(-1), r.removedMs().orElse(-1), r.promotedMs(),
          r.recoveredMs(), r.firstServedMs().orElse(-1), r.warm(), r.standbyLag(), r.eventsReplayed(),
          r.sequenceNr(), r.origin().toEpochMilli(), r.toString());
    }
  }

  @SuppressWarnings("unchecked")
  static HotWarmRef<Counter.Command, Counter.Reply> ref(NodeContext node, String name) {
    Object ref = node.attributes().get("ref:" + name);
    if (ref == null) {
      throw new IllegalStateException("singleton " + name + " not initialised on " + node.nodeName());
    }
    return (HotWarmRef<Counter.Command, Counter.Reply>) ref;
  }

  @SuppressWarnings("unchecked")
  static Queue<Object> events(NodeContext node) {
    return (Queue<Object>) node.attributes().computeIfAbsent("events", k -> {
      Queue<Object> queue = new ConcurrentLinkedQueue<>();
      Behavior<HotWarmEvent> collector = Behaviors.receiveMessage(e -> {
        queue.add(e);
        return Behaviors.same();
      });
      var ref = node.spawn(collector, "hotwarm-events");
      node.system().eventStream().tell(new EventStream.Subscribe<>(HotWarmEvent.class, ref));
      return queue;
    });
  }

  /** Starts the singleton here and begins collecting its events; returns this node's address. */
  public static final class InitSingleton implements NodeTask<Init, String> {
    @Override
    public String run(NodeContext node, Init init) {
      events(node);
      HotWarmRef<Counter.Command, Counter.Reply> ref =
          HotWarm.init(node.system(), HotWarmSpec.of(init.name(), Counter::create).standbys(init.standbys()));
      node.attributes().put("ref:" + init.name(), ref);
      return node.address();
    }
  }

  /** Load: {@code clients} logical clients adding 1 under unique ids until the test says stop. */
  public record LoadParams(String name, String prefix, int clients) {}

  /** Runs the load and returns its history. */
  public static final class Load implements NodeTask<LoadParams, History> {
    @Override
    public History run(NodeContext node, LoadParams p) throws Exception {
      HotWarmRef<Counter.Command, Counter.Reply> ref = ref(node, p.name());
      HistoryRecorder recorder = HistoryRecorder.create();
      java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
      node.attributes().put("acked:" + p.prefix(), acked);
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < p.clients(); c++) {
        String process = p.prefix() + "-" + c;
        Thread t = new Thread(() -> {
          int i = 0;
          while (!node.stopRequested()) {
            String id = process + "-" + i++;
            Invocation call = recorder.invoke(process, "add", id, 1);
            try {
              ref.ask(id, new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
              call.ok();
              acked.incrementAndGet();
            } catch (ExecutionException e) {
              if (e.getCause() instanceof CommandRejected) {
                call.fail("rejected");
              } else {
                call.unknown(e.getCause().getClass().getSimpleName());
              }
            } catch (Exception e) {
              call.unknown(e.getClass().getSimpleName());
            }
          }
        }, "load-" + process);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      return recorder.history();
    }
  }

  /** One command under a chosen id. */
  public record Ask(String name, String commandId, long amount) {}

  /** Sends one Add and returns the reply's position ({@code adds}). */
  public static final class AskOnce implements NodeTask<Ask, Long> {
    @Override
    public Long run(NodeContext node, Ask ask) throws Exception {
      return ref(node, ask.name()).ask(ask.commandId(), new Counter.Add(ask.amount()))
          .toCompletableFuture().get(30, TimeUnit.SECONDS).adds();
    }
  }

  /** The final state as {total, adds}. */
  public static final class Read implements NodeTask<String, List<Long>> {
    @Override
    public List<Long> run(NodeContext node, String name) throws Exception {
      Counter.Reply r = ref(node, name).ask(new Counter.Get()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      return List.of(r.total(), r.adds());
    }
  }

  /** Takeover reports seen on this node so far. */
  public static final class Reports implements NodeTask<NodeTask.None, List<Report>> {
    @Override
    public List<Report> run(NodeContext node, NodeTask.None none) {
      List<Report> reports = new ArrayList<>();
      for (Object e : events(node)) {
        if (e instanceof TakeoverReport r) {
          reports.add(Report.of(r));
        }
      }
      return reports;
    }
  }

  /** The journal's record of a singleton. */
  public record Journal(List<String> appliedKeys, List<WriteRecord> writes, long length) {}

  /** Reads the journal (from this node). */
  public static final class ReadJournal implements NodeTask<String, Journal> {
    @Override
    public Journal run(NodeContext node, String name) throws Exception {
      JournalHistory h = JournalHistory.read(node.system(), name);
      return new Journal(h.appliedKeys(), h.writes(), h.length());
    }
  }

  /** Seeds the journal with {@code count} events (before the singleton starts). */
  public record Seed(String url, String user, String password, String name, int count) {}

  public static final class SeedJournal implements NodeTask<Seed, Integer> {
    @Override
    public Integer run(NodeContext node, Seed s) throws Exception {
      JournalHistory.seed(node.system(), s.url(), s.user(), s.password(), s.name(), s.count());
      return s.count();
    }
  }

  /** This node's standby progress for a singleton, -1 if none runs here. */
  public static final class StandbyProgress implements NodeTask<String, Long> {
    @Override
    public Long run(NodeContext node, String name) {
      return HotWarm.localStandbySequenceNr(node.system(), name).orElse(-1);
    }
  }

  /** Up members' addresses, oldest first, as this node sees them. */
  public static final class ByAge implements NodeTask<String, List<String>> {
    @Override
    public List<String> run(NodeContext node, String role) {
      List<org.apache.pekko.cluster.Member> members = new ArrayList<>();
      org.apache.pekko.cluster.typed.Cluster.get(node.system()).state().getMembers().forEach(m -> {
        if (m.status() == org.apache.pekko.cluster.MemberStatus.up() && (role.isEmpty() || m.hasRole(role))) {
          members.add(m);
        }
      });
      members.sort((a, b) -> a.isOlderThan(b) ? -1 : b.isOlderThan(a) ? 1 : 0);
      return members.stream().map(m -> m.address().toString()).toList();
    }
  }

  /** Wait (bounded) until the load with {@code prefix} on this node has {@code count} acknowledgements. */
  public record AwaitAcked(String prefix, long count, long timeoutMs) {}

  public static final class AwaitAckedTask implements NodeTask<AwaitAcked, Long> {
    @Override
    public Long run(NodeContext node, AwaitAcked a) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(a.timeoutMs());
      while (System.nanoTime() < deadline) {
        Object counter = node.attributes().get("acked:" + a.prefix());
        long n = counter == null ? 0 : ((java.util.concurrent.atomic.AtomicLong) counter).get();
        if (n >= a.count()) {
          return n;
        }
        node.awaitStopRequest(Duration.ofMillis(50));
      }
      throw new IllegalStateException("load " + a.prefix() + " did not reach " + a.count() + " acknowledgements");
    }
  }

  /** Wait (bounded) for a takeover report of at least {@code epoch} on this node. */
  public record AwaitReport(long epoch, long timeoutMs) {}

  public static final class AwaitReportTask implements NodeTask<AwaitReport, Report> {
    @Override
    public Report run(NodeContext node, AwaitReport a) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(a.timeoutMs());
      while (System.nanoTime() < deadline) {
        for (Object e : events(node)) {
          if (e instanceof TakeoverReport r && r.epoch() >= a.epoch()) {
            return Report.of(r);
          }
        }
        if (node.awaitStopRequest(Duration.ofMillis(20))) {
          return null;
        }
      }
      throw new IllegalStateException("no takeover report of epoch >= " + a.epoch() + " on " + node.nodeName());
    }
  }

  /** Wait (bounded) until the standby here has applied {@code seqNr}. */
  public record AwaitStandby(String name, long seqNr, long timeoutMs) {}

  public static final class AwaitStandbyTask implements NodeTask<AwaitStandby, Long> {
    @Override
    public Long run(NodeContext node, AwaitStandby a) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(a.timeoutMs());
      while (System.nanoTime() < deadline) {
        long at = HotWarm.localStandbySequenceNr(node.system(), a.name()).orElse(-1);
        if (at >= a.seqNr()) {
          return at;
        }
        node.awaitStopRequest(Duration.ofMillis(50));
      }
      throw new IllegalStateException("standby of " + a.name() + " on " + node.nodeName() + " did not reach " + a.seqNr());
    }
  }
}
