package dev.tandem.bench.failover;

import dev.tandem.cluster.hotwarm.HotWarm;
import dev.tandem.cluster.hotwarm.HotWarmEvent;
import dev.tandem.cluster.hotwarm.HotWarmRef;
import dev.tandem.cluster.hotwarm.HotWarmSpec;
import dev.tandem.cluster.hotwarm.TakeoverReport;
import dev.tandem.testkit.multinode.NodeContext;
import dev.tandem.testkit.multinode.NodeTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * What the failover bench runs on its nodes. Parameters and results cross as JSON (records of
 * numbers and strings). Times are {@link System#nanoTime()} readings, comparable between the JVMs
 * of one machine.
 */
final class FailoverTasks {

  private FailoverTasks() {}

  /** The cluster role of the nodes that may host the singleton (active, standbys). */
  static final String HOST_ROLE = "host";

  /** The raw client's ask timeout: how long it waits for a reply before it asks again. */
  static final Duration RAW_ASK_TIMEOUT = Duration.ofSeconds(1);

  /** Sends one Add to a subject. */
  interface Target {
    CompletionStage<Reply> add();
  }

  private static Target target(NodeContext node, String name) {
    Object target = node.attributes().get("target:" + name);
    if (target == null) {
      throw new IllegalStateException(name + " was not started on " + node.nodeName());
    }
    return (Target) target;
  }

  /**
   * Starts subject {@code subject} ("tandem" or "pekko") named {@code name} on a node: Tandem's
   * {@code HotWarm.init} (active and standbys on {@link #HOST_ROLE} nodes), or a Cluster Singleton
   * of {@link RawCounter} on {@link #HOST_ROLE} nodes. Idempotent per node incarnation.
   */
  record Init(String subject, String name, int standbys) {}

  static final class InitTask implements NodeTask<Init, String> {
    @Override
    public String run(NodeContext node, Init init) {
      node.attributes().computeIfAbsent("target:" + init.name(), key -> switch (init.subject()) {
        case "tandem" -> initTandem(node, init);
        case "pekko" -> initPekko(node, init);
        default -> throw new IllegalArgumentException("unknown subject " + init.subject());
      });
      return node.address();
    }

    private static Target initTandem(NodeContext node, Init init) {
      LagRecorder lag = new LagRecorder(node.system(), init.name());
      node.attributes().put("lag:" + init.name(), lag);
      watchReports(node);
      String self = node.address();
      HotWarmRef<BenchCounter.Command, Reply> ref = HotWarm.init(node.system(),
          HotWarmSpec.of(init.name(), () -> new BenchCounter(self, lag)).standbys(init.standbys()));
      return () -> ref.ask(new BenchCounter.Add());
    }

    private static Target initPekko(NodeContext node, Init init) {
      ActorRef<RawCounter.Command> proxy = ClusterSingleton.get(node.system()).init(
          SingletonActor.of(RawCounter.create(init.name(), true), init.name())
              .withStopMessage(new RawCounter.Stop())
              .withSettings(ClusterSingletonSettings.create(node.system()).withRole(HOST_ROLE)));
      return () -> AskPattern.ask(proxy, RawCounter.Add::new, RAW_ASK_TIMEOUT, node.system().scheduler());
    }
  }

  @SuppressWarnings("unchecked")
  private static List<TakeoverReport> reports(NodeContext node) {
    return (List<TakeoverReport>) node.attributes().computeIfAbsent("reports", k -> new CopyOnWriteArrayList<>());
  }

  private static void watchReports(NodeContext node) {
    node.attributes().computeIfAbsent("report-watcher", key -> {
      List<TakeoverReport> reports = reports(node);
      return node.spawn(Behaviors.<HotWarmEvent>setup(ctx -> {
        ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(HotWarmEvent.class, ctx.getSelf()));
        return Behaviors.receiveMessage(event -> {
          if (event instanceof TakeoverReport report) {
            reports.add(report);
          }
          return Behaviors.same();
        });
      }), "bench-takeover-reports");
    });
  }

  /** One acknowledged command as the client saw it. */
  record Ack(long nanos, String servedBy, long value) {}

  /** The acknowledgements of the load on {@code name} running on this node. */
  @SuppressWarnings("unchecked")
  private static List<Ack> acks(NodeContext node, String name) {
    return (List<Ack>) node.attributes().computeIfAbsent("acks:" + name, k -> new CopyOnWriteArrayList<>());
  }

  /** Client load: {@code threads} callers, each sending one Add at a time until stopped. */
  record Load(String name, int threads) {}

  /** What a load run did. */
  record LoadSummary(long acknowledged, long failed) {}

  static final class LoadTask implements NodeTask<Load, LoadSummary> {
    @Override
    public LoadSummary run(NodeContext node, Load load) throws Exception {
      Target target = target(node, load.name());
      List<Ack> acks = acks(node, load.name());
      acks.clear();
      long[] failed = new long[load.threads()];
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < load.threads(); t++) {
        int index = t;
        Thread thread = new Thread(() -> {
          while (!node.stopRequested()) {
            try {
              Reply reply = target.add().toCompletableFuture().get(30, TimeUnit.SECONDS);
              acks.add(new Ack(System.nanoTime(), reply.servedBy(), reply.value()));
            } catch (InterruptedException e) {
              return;
            } catch (Exception e) {
              // An ask that timed out or a command whose outcome is unknown: ask again.
              failed[index]++;
            }
          }
        }, "bench-client-" + t);
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      long failures = 0;
      for (long f : failed) {
        failures += f;
      }
      return new LoadSummary(acks.size(), failures);
    }
  }

  /** Waits (bounded) until the running load on {@code name} has {@code count} acknowledgements more. */
  record AwaitAcks(String name, int count, long timeoutMs) {}

  static final class AwaitAcksTask implements NodeTask<AwaitAcks, Integer> {
    @Override
    public Integer run(NodeContext node, AwaitAcks a) throws Exception {
      List<Ack> acks = acks(node, a.name());
      int target = acks.size() + a.count();
      return poll(a.timeoutMs(),
          () -> Optional.of(acks.size()).filter(n -> n >= target),
          () -> a.name() + ": " + (acks.size() - target + a.count()) + " of " + a.count() + " acknowledgements");
    }
  }

  /**
   * Waits until the load on {@code name} sees an acknowledgement from a node other than {@code
   * oldNode} after {@code faultNanos}, then {@code settleMs} more, and measures the client's view.
   */
  record AwaitTakeover(String name, long faultNanos, String oldNode, long settleMs, long timeoutMs) {}

  /**
   * @param firstNewAckMs fault → first acknowledgement served by another node
   * @param largestGapMs largest gap between consecutive acknowledgements from the last one before
   *     the fault to the end of the settle time
   * @param acksBeforeNew acknowledgements (from the old node) between the fault and the first new one
   */
  record TakeoverSeen(double firstNewAckMs, double largestGapMs, int acksBeforeNew) {}

  static final class AwaitTakeoverTask implements NodeTask<AwaitTakeover, TakeoverSeen> {
    @Override
    public TakeoverSeen run(NodeContext node, AwaitTakeover a) throws Exception {
      List<Ack> acks = acks(node, a.name());
      long firstNew = poll(a.timeoutMs(),
          () -> acks.stream()
              .filter(ack -> ack.nanos() > a.faultNanos() && !ack.servedBy().equals(a.oldNode()))
              .map(Ack::nanos)
              .findFirst(),
          () -> a.name() + ": no acknowledgement from a new node after the fault");
      long settleEnd = firstNew + TimeUnit.MILLISECONDS.toNanos(a.settleMs());
      while (System.nanoTime() < settleEnd) {
        Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(settleEnd - System.nanoTime())));
      }
      long previous = Long.MIN_VALUE;
      long largestGap = 0;
      int beforeNew = 0;
      for (Ack ack : acks) {
        if (ack.nanos() <= a.faultNanos()) {
          previous = Math.max(previous, ack.nanos());
        }
      }
      List<Long> window = new ArrayList<>();
      for (Ack ack : acks) {
        if (ack.nanos() > a.faultNanos() && ack.nanos() <= settleEnd) {
          window.add(ack.nanos());
          if (ack.nanos() < firstNew) {
            beforeNew++;
          }
        }
      }
      window.sort(Long::compare);
      long last = previous == Long.MIN_VALUE ? a.faultNanos() : previous;
      for (long t : window) {
        largestGap = Math.max(largestGap, t - last);
        last = t;
      }
      return new TakeoverSeen((firstNew - a.faultNanos()) / 1e6, largestGap / 1e6, beforeNew);
    }
  }

  /** Up members with {@code role}, oldest first (the singleton runs on the first). */
  static final class ByAgeTask implements NodeTask<String, List<String>> {
    @Override
    public List<String> run(NodeContext node, String role) {
      List<org.apache.pekko.cluster.Member> members = new ArrayList<>();
      Cluster.get(node.system()).state().getMembers().forEach(m -> {
        if (m.status() == MemberStatus.up() && m.hasRole(role)) {
          members.add(m);
        }
      });
      members.sort((x, y) -> x.isOlderThan(y) ? -1 : y.isOlderThan(x) ? 1 : 0);
      return members.stream().map(m -> m.address().toString()).toList();
    }
  }

  /** Waits (bounded) until this node's warm standby of {@code name} has applied {@code sequenceNr}. */
  record AwaitStandby(String name, long sequenceNr, long timeoutMs) {}

  static final class AwaitStandbyTask implements NodeTask<AwaitStandby, Long> {
    @Override
    public Long run(NodeContext node, AwaitStandby a) throws Exception {
      return poll(a.timeoutMs(),
          () -> Optional.of(HotWarm.localStandbySequenceNr(node.system(), a.name()).orElse(-1))
              .filter(seqNr -> seqNr >= a.sequenceNr()),
          () -> node.nodeName() + ": standby of " + a.name() + " at "
              + HotWarm.localStandbySequenceNr(node.system(), a.name()).orElse(-1) + ", not " + a.sequenceNr());
    }
  }

  /**
   * The highest counter value the load on {@code name} has had acknowledged: the journal holds at
   * least that many events, so a standby at that sequence number has seen all of them.
   */
  static final class AckedValueTask implements NodeTask<String, Long> {
    @Override
    public Long run(NodeContext node, String name) {
      return acks(node, name).stream().mapToLong(Ack::value).max().orElse(0);
    }
  }

  /** Saturating load for {@code seconds}: {@code window} commands in flight; returns commands/s. */
  record Throughput(String name, int window, double seconds) {}

  static final class ThroughputTask implements NodeTask<Throughput, Double> {
    @Override
    public Double run(NodeContext node, Throughput t) throws Exception {
      Target target = target(node, t.name());
      java.util.concurrent.atomic.AtomicLong completed = new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
      long end = System.nanoTime() + (long) (t.seconds() * 1e9);
      java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(t.window());
      long start = System.nanoTime();
      for (int i = 0; i < t.window(); i++) {
        send(target, node.system().executionContext(), completed, failed, end, done);
      }
      if (!done.await((long) (t.seconds() + 60), TimeUnit.SECONDS)) {
        throw new IllegalStateException(t.name() + ": commands still in flight 60 s after the run");
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (failed.get() > 0) {
        throw new IllegalStateException(t.name() + ": " + failed.get() + " commands failed during the throughput run");
      }
      return completed.get() / elapsed;
    }

    private static void send(Target target, java.util.concurrent.Executor executor, java.util.concurrent.atomic.AtomicLong completed,
        java.util.concurrent.atomic.AtomicLong failed, long end, java.util.concurrent.CountDownLatch done) {
      // Continue on the ActorSystem's dispatcher for both subjects: Pekko's ask stage would run a
      // plain whenComplete on the common pool, which below 3 cores starts a thread per task.
      target.add().whenCompleteAsync((reply, error) -> {
        if (error != null) {
          failed.incrementAndGet();
        } else {
          completed.incrementAndGet();
        }
        if (System.nanoTime() < end) {
          send(target, executor, completed, failed, end, done);
        } else {
          done.countDown();
        }
      }, executor);
    }
  }

  /** Starts recording the standby lag of {@code name} on this node. */
  static final class LagStartTask implements NodeTask<String, Boolean> {
    @Override
    public Boolean run(NodeContext node, String name) {
      LagRecorder lag = (LagRecorder) node.attributes().get("lag:" + name);
      if (lag == null) {
        return false;
      }
      lag.start();
      return true;
    }
  }

  /** Stops recording and returns this node's standby lag samples (µs), empty if it hosts no standby. */
  static final class LagStopTask implements NodeTask<String, List<Long>> {
    @Override
    public List<Long> run(NodeContext node, String name) {
      LagRecorder lag = (LagRecorder) node.attributes().get("lag:" + name);
      return lag == null ? List.of() : lag.stop();
    }
  }

  /** A takeover report, as the bench needs it. */
  record Report(long epoch, long promotedMs, long recoveredMs, long epochWrittenMs, long firstServedMs, boolean warm,
      long eventsReplayed, long standbyLag, long sequenceNr, String line) {
    static Report of(TakeoverReport r) {
      return new Report(r.epoch(), r.promotedMs(), r.recoveredMs(), r.epochWrittenMs(), r.firstServedMs().orElse(-1), r.warm(),
          r.eventsReplayed(), r.standbyLag(), r.sequenceNr(), r.toString());
    }
  }

  /**
   * Waits (bounded) on this node for the report of the takeover of {@code name} from {@code
   * previousNode}, once its first command has been served.
   */
  record AwaitReport(String name, String previousNode, long timeoutMs) {}

  static final class AwaitReportTask implements NodeTask<AwaitReport, Report> {
    @Override
    public Report run(NodeContext node, AwaitReport a) throws Exception {
      return poll(a.timeoutMs(),
          () -> reports(node).stream()
              .filter(r -> r.name().equals(a.name()) && r.previousNode().equals(a.previousNode())
                  && r.firstServedMs().isPresent())
              .findFirst()
              .map(Report::of),
          () -> node.nodeName() + ": no takeover report of " + a.name() + " from " + a.previousNode()
              + "; seen " + reports(node));
    }
  }

  /**
   * Checks {@code probe} every 20 ms until it has a value and returns it.
   *
   * @throws IllegalStateException with {@code failure}'s text if it has none after {@code timeoutMs}
   */
  private static <T> T poll(long timeoutMs, Supplier<Optional<T>> probe, Supplier<String> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(failure.get() + " (waited " + timeoutMs + " ms)");
      }
      Thread.sleep(20);
    }
  }
}
