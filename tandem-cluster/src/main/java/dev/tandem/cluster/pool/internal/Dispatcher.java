package dev.tandem.cluster.pool.internal;

import dev.tandem.cluster.pool.ClusterPool;
import dev.tandem.cluster.pool.ClusterPoolEvent;
import dev.tandem.cluster.pool.ClusterPoolFailure;
import dev.tandem.cluster.pool.ClusterPoolOverloaded;
import dev.tandem.cluster.pool.ClusterPoolSettings;
import dev.tandem.cluster.pool.ClusterPoolStopped;
import dev.tandem.cluster.pool.JobOutcomeUnknown;
import dev.tandem.cluster.pool.JobQuarantined;
import dev.tandem.cluster.pool.JobTimedOut;
import dev.tandem.cluster.pool.JobUndeliverable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's side of a cluster pool that sends jobs: it routes each job this node submits to a
 * node's host, and keeps it until its outcome is certain (decision record 060). It watches the
 * Receptionist for hosts and the cluster for membership and reachability, re-dispatches what a
 * lost node held, grants at-most-once jobs their single start, and fails what reaches its
 * deadline. One actor per pool per node; everything here runs on it.
 */
final class Dispatcher extends AbstractBehavior<Dispatcher.Command> {

  private static final Logger log = LoggerFactory.getLogger(ClusterPool.class);
  /** How often deadlines (jobs, drain) are checked. */
  static final Duration TICK = Duration.ofMillis(100);

  /** The dispatcher's protocol: acknowledgements from hosts (on the wire) and local commands. */
  sealed interface Command {}

  /** A worker's handler returned for the job's dispatch {@code dispatch} on {@code node}. */
  public record Done(long jobId, int dispatch, String node) implements Command, WireMessage {}

  /** Workers on {@code node} failed on the job {@code attempts} times; it is quarantined. */
  public record Failed(long jobId, int dispatch, String node, int attempts, String cause)
      implements Command, WireMessage {}

  /** Why a host refused a job it certainly did not and will not run. */
  public enum Refusal { FULL, STOPPING, NOT_GRANTED, UNREADABLE }

  /** {@code node} refused the job's dispatch {@code dispatch}; it never ran there. */
  public record Refused(long jobId, int dispatch, String node, Refusal reason) implements Command, WireMessage {}

  /** A host asks to start an at-most-once job; answered with a grant or a refusal. */
  public record MayStart(long jobId, int dispatch, ActorRef<NodeHost.Command> host) implements Command, WireMessage {}

  record Submit(Job job) implements Command {}

  /**
   * An ask's reply arrived at its reply-to on this node. The dispatcher completes the caller's
   * stage, after its own books: one place decides each job's one outcome, and a caller who sees
   * the result finds it counted.
   */
  record Replied(long jobId, Object reply) implements Command {}

  record Listing(Set<ActorRef<NodeHost.Command>> hosts) implements Command {}

  record MemberChange(ClusterEvent.MemberEvent event) implements Command {}

  record ReachabilityChange(ClusterEvent.ReachabilityEvent event) implements Command {}

  record UnreachableFor(Address address, long since) implements Command {}

  /** This node's own host, known before the Receptionist lists it. */
  record UseLocalHost(ActorRef<NodeHost.Command> host) implements Command {}

  /** This node's host stops taking jobs (the pool is stopping here). */
  record WithdrawLocal() implements Command {}

  /** Pekko's ask timeout fired before the dispatcher's deadline (should not happen): fail it. */
  record Abandoned(long jobId) implements Command {}

  record Drain(Duration timeout, CompletableFuture<Long> unfinished) implements Command {}

  enum Tick implements Command { INSTANCE }

  private final RunningClusterPool<?> pool;
  private final String name;
  private final ClusterPoolSettings settings;
  private final Notifications<Object> notify;
  private final TimerScheduler<Command> timers;
  private final HostDirectory directory;
  private final HostRouting routing;
  private final Map<Long, Job> jobs = new HashMap<>();
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private final Deadlines deadlines = new Deadlines(TICK.toNanos());
  private final Map<Address, Long> unreachableSince = new HashMap<>();
  private int waitingCount;
  private Drain drain;
  private long drainDeadline;

  static Behavior<Command> create(RunningClusterPool<?> pool) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      var key = pool.serviceKey();
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(key,
          ctx.messageAdapter(Receptionist.Listing.class, l -> new Listing(l.getAllServiceInstances(key)))));
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberEvent.class, MemberChange::new), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChange::new),
          ClusterEvent.ReachabilityEvent.class));
      return new Dispatcher(ctx, timers, pool);
    }));
  }

  @SuppressWarnings("unchecked")
  private Dispatcher(ActorContext<Command> ctx, TimerScheduler<Command> timers, RunningClusterPool<?> pool) {
    super(ctx);
    this.pool = pool;
    this.name = pool.name();
    this.settings = pool.settings();
    this.notify = (Notifications<Object>) pool.notifications();
    this.timers = timers;
    Address self = Cluster.get(ctx.getSystem()).selfMember().address();
    this.directory = new HostDirectory(self, settings.virtualNodes(), pool.stats()::node,
        live -> pool.stats().liveNodes = live.stream().map(h -> h.node).collect(Collectors.toUnmodifiableSet()));
    this.routing = HostRouting.of(settings.routing());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, s -> onSubmit(s.job()))
        .onMessage(Done.class, this::onDone)
        .onMessage(Replied.class, this::onReplied)
        .onMessage(Failed.class, this::onFailed)
        .onMessage(Refused.class, this::onRefused)
        .onMessage(MayStart.class, this::onMayStart)
        .onMessage(Listing.class, this::onListing)
        .onMessage(MemberChange.class, m -> onMember(m.event()))
        .onMessage(ReachabilityChange.class, r -> onReachability(r.event()))
        .onMessage(UnreachableFor.class, this::onUnreachableFor)
        .onMessage(UseLocalHost.class, u -> {
          announce(directory.local(u.host()));
          return this;
        })
        .onMessage(WithdrawLocal.class, w -> {
          announce(directory.local(null));
          return this;
        })
        .onMessage(Abandoned.class, a -> {
          Job job = jobs.get(a.jobId());
          if (job != null) {
            fail(job, new JobTimedOut(name, job.timeout, job.lastNode == null ? "" : job.lastNode));
          }
          return this;
        })
        .onMessage(Drain.class, this::onDrain)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  // ------------------------------------------------------------------ jobs

  private Behavior<Command> onSubmit(Job job) {
    jobs.put(job.id, job);
    deadlines.add(job);
    route(job);
    return this;
  }

  /** Sends the job to a usable host, or parks it until one appears. */
  private void route(Job job) {
    Host host = null;
    if (settings.preferLocal()) {
      for (Host h : directory.live()) {
        if (h.local && !job.refusedBy(h)) {
          host = h;
        }
      }
    }
    if (host == null) {
      host = routing.select(directory.live(), directory.ring(), job.key, h -> !job.refusedBy(h) && directory.isLive(h));
    }
    if (host == null) {
      if (job.refusedAsFull) {
        fail(job, new ClusterPoolOverloaded(name, "every live node's workers are full (tandem.cluster-pool.node-capacity)"));
        return;
      }
      if (job.refusedAsUnreadable) {
        fail(job, new JobUndeliverable(name, "no live node could read its message (see their logs)", false));
        return;
      }
      job.waiting = true;
      waiting.add(job);
      pool.stats().waiting = ++waitingCount;
      log.debug("cluster pool {}: job {} waits for a live worker", name, job.id);
      return;
    }
    send(job, host);
  }

  private void send(Job job, Host host) {
    if (!host.local && job.payload == null) {
      try {
        job.payload = Payload.of(getContext().getSystem(), job.message);
      } catch (IllegalArgumentException e) {
        fail(job, new JobUndeliverable(name, e.getMessage(), job.lastNode != null));
        return;
      }
    }
    job.dispatch++;
    job.host = host;
    job.lastNode = host.node;
    job.granted = false;
    job.loadHeld = true;
    load(host, +1);
    host.stats.dispatched.incrementAndGet();
    ActorRef<Command> self = getContext().getSelf();
    if (host.local) {
      host.ref.tell(new NodeHost.LocalWork(NodeJob.of(job.id, job.dispatch, job.atMostOnce, reportsDone(job), self,
          job.message)));
    } else {
      host.ref.tell(new NodeHost.Work(job.id, job.dispatch, job.atMostOnce, reportsDone(job), self, job.payload));
    }
    log.debug("cluster pool {}: job {} dispatch {} to {}", name, job.id, job.dispatch, host);
  }

  /**
   * Only a tell needs {@link Done}: an ask is complete when its reply arrives, and its load is
   * released then. Sparing it saves one of the three messages a remote ask costs.
   */
  private static boolean reportsDone(Job job) {
    return !job.outcome.awaitsReply();
  }

  private Behavior<Command> onDone(Done done) {
    Job job = jobs.get(done.jobId());
    if (job == null) {
      return this;
    }
    if (done.dispatch() == job.dispatch) {
      release(job);
    }
    if (!job.outcome.awaitsReply()) {
      // A tell is complete when a handler returned, whichever dispatch it was.
      complete(job, done.node());
    }
    return this;
  }

  private Behavior<Command> onReplied(Replied replied) {
    Job job = jobs.get(replied.jobId());
    if (job != null) {
      complete(job, job.lastNode);
      job.outcome.succeed(replied.reply());
    }
    return this;
  }

  private Behavior<Command> onFailed(Failed failed) {
    Job job = jobs.get(failed.jobId());
    if (job != null && failed.dispatch() == job.dispatch) {
      fail(job, new JobQuarantined(name, failed.node(), failed.attempts(), failed.cause()));
    }
    return this;
  }

  private Behavior<Command> onRefused(Refused refused) {
    Job job = jobs.get(refused.jobId());
    if (job == null || refused.dispatch() != job.dispatch || job.host == null) {
      return this;
    }
    Host host = job.host;
    detach(job);
    // The host says it did not and will not run this dispatch, so even a granted job may move.
    job.granted = false;
    job.refused(host, refused.reason());
    log.debug("cluster pool {}: {} refused job {} ({}), re-routing", name, host, job.id, refused.reason());
    route(job);
    return this;
  }

  private Behavior<Command> onMayStart(MayStart ask) {
    Job job = jobs.get(ask.jobId());
    ActorRef<Command> self = getContext().getSelf();
    if (job != null && job.host != null && ask.dispatch() == job.dispatch && !job.granted
        && !directory.isUnreachable(job.host.address)) {
      // The one grant this job will ever get: from now on it never moves (decision record 062).
      job.granted = true;
      ask.host().tell(new NodeHost.Grant(job.id, job.dispatch, self));
    } else {
      ask.host().tell(new NodeHost.Refuse(ask.jobId(), ask.dispatch(), self));
    }
    return this;
  }

  private void complete(Job job, String node) {
    jobs.remove(job.id);
    deadlines.remove(job);
    detach(job);
    pool.stats().completed.incrementAndGet();
    pool.stats().node(node).completed.incrementAndGet();
    pool.finished();
  }

  private void fail(Job job, ClusterPoolFailure failure) {
    jobs.remove(job.id);
    deadlines.remove(job);
    unpark(job);
    detach(job);
    var stats = pool.stats();
    if (failure instanceof JobQuarantined q) {
      stats.quarantined.incrementAndGet();
      log.warn("{}", q.describe());
      notify.emit(new ClusterPoolEvent.Quarantined<>(name, job.message, q));
    } else if (failure instanceof JobTimedOut) {
      stats.timedOut.incrementAndGet();
    } else if (failure instanceof JobOutcomeUnknown u) {
      stats.outcomeUnknown.incrementAndGet();
      log.warn("{}", u.describe());
    } else if (failure instanceof JobUndeliverable u) {
      stats.undeliverable.incrementAndGet();
      log.warn("{}", u.describe());
    } else {
      stats.rejected.increment();
    }
    if (!(failure instanceof JobQuarantined)) {
      log.debug("cluster pool {}: job {} failed: {}", name, job.id, failure.describe());
      notify.emit(new ClusterPoolEvent.JobFailed<>(name, job.message, failure));
    }
    job.outcome.fail(job.message, failure);
    pool.finished();
  }

  /** The job's handler returned (or it left its host): its host's load no longer counts it. */
  private void release(Job job) {
    if (job.loadHeld) {
      job.loadHeld = false;
      load(job.host, -1);
    }
  }

  private void detach(Job job) {
    if (job.host != null) {
      release(job);
      job.host = null;
    }
  }

  private static void load(Host host, int delta) {
    host.load += delta;
    host.stats.inFlight.set(host.load);
  }

  // ------------------------------------------------------------------ membership

  private Behavior<Command> onListing(Listing listing) {
    announce(directory.setListing(listing.hosts()));
    return this;
  }

  private void announce(HostDirectory.Change change) {
    for (Host host : change.added()) {
      log.info("cluster pool {}: workers on {} available ({} live nodes)", name, host, directory.live().size());
      notify.emit(new ClusterPoolEvent.NodeAdded<>(name, host.node));
    }
    for (Host host : change.removed()) {
      log.info("cluster pool {}: workers on {} withdrawn ({} live nodes)", name, host, directory.live().size());
      notify.emit(new ClusterPoolEvent.NodeRemoved<>(name, host.node));
    }
    if (!change.added().isEmpty()) {
      retryWaiting();
    }
  }

  private Behavior<Command> onMember(ClusterEvent.MemberEvent event) {
    Address address = event.member().address();
    if (event instanceof ClusterEvent.MemberUp || event instanceof ClusterEvent.MemberWeaklyUp
        || event instanceof ClusterEvent.MemberJoined) {
      directory.arrived(address);
      retryWaiting();
    } else if (event instanceof ClusterEvent.MemberRemoved) {
      directory.removed(address);
      unreachableSince.remove(address);
      timers.cancel(address);
      failover(address, "removed from the cluster", true);
    } else if (event instanceof ClusterEvent.MemberLeft || event instanceof ClusterEvent.MemberExited
        || event instanceof ClusterEvent.MemberDowned) {
      directory.departing(address);
    }
    return this;
  }

  private Behavior<Command> onReachability(ClusterEvent.ReachabilityEvent event) {
    Address address = event.member().address();
    if (event instanceof ClusterEvent.UnreachableMember) {
      if (directory.unreachable(address)) {
        long since = System.nanoTime();
        unreachableSince.put(address, since);
        timers.startSingleTimer(address, new UnreachableFor(address, since), settings.unreachableTimeout());
        int held = heldAt(address).size();
        String node = Host.nodeName(address);
        log.info("cluster pool {}: {} unreachable, holding {} jobs of this node; re-dispatch in {} ms unless it returns",
            name, node, held, settings.unreachableTimeout().toMillis());
        notify.emit(new ClusterPoolEvent.NodeUnreachable<>(name, node, held));
      }
    } else if (event instanceof ClusterEvent.ReachableMember) {
      if (directory.reachable(address)) {
        Long since = unreachableSince.remove(address);
        timers.cancel(address);
        String node = Host.nodeName(address);
        log.info("cluster pool {}: {} reachable again after {} ms", name, node,
            since == null ? 0 : (System.nanoTime() - since) / 1_000_000);
        notify.emit(new ClusterPoolEvent.NodeReachable<>(name, node));
        retryWaiting();
      }
    }
    return this;
  }

  private Behavior<Command> onUnreachableFor(UnreachableFor timeout) {
    Long since = unreachableSince.get(timeout.address());
    if (since != null && since == timeout.since()) {
      failover(timeout.address(), "unreachable for " + (System.nanoTime() - since) / 1_000_000 + " ms", false);
    }
    return this;
  }

  private List<Job> heldAt(Address address) {
    List<Job> held = new ArrayList<>();
    for (Job job : jobs.values()) {
      if (job.host != null && job.host.address.equals(address)) {
        held.add(job);
      }
    }
    held.sort(Comparator.comparingLong(j -> j.id));
    return held;
  }

  /**
   * Moves the jobs a lost node held to live nodes. Granted at-most-once jobs never move: they fail
   * with an unknown outcome if the node is gone for good, or wait for their deadline while it is
   * only unreachable (it may still answer).
   */
  private void failover(Address address, String why, boolean removed) {
    long began = System.nanoTime();
    int moved = 0;
    int unknown = 0;
    int kept = 0;
    int exhausted = 0;
    String node = Host.nodeName(address);
    for (Job job : heldAt(address)) {
      if (job.atMostOnce && job.granted) {
        if (removed) {
          fail(job, new JobOutcomeUnknown(name, node, why));
          unknown++;
        } else {
          kept++;
        }
        continue;
      }
      Host from = job.host;
      detach(job);
      from.stats.redispatchedAway.incrementAndGet();
      if (job.redispatches >= settings.maxRedispatches()) {
        fail(job, new JobUndeliverable(name, "lost with its node " + (job.redispatches + 1)
            + " time(s); tandem.cluster-pool.max-redispatches is " + settings.maxRedispatches(), true));
        exhausted++;
        continue;
      }
      job.redispatches++;
      job.clearRefusals();
      pool.stats().redispatched.incrementAndGet();
      route(job);
      if (jobs.get(job.id) == job) {
        notify.emit(new ClusterPoolEvent.Redispatched<>(name, job.message, node,
            job.host == null ? "" : job.host.node, job.dispatch, why));
      }
      moved++;
    }
    if (moved + unknown + kept + exhausted > 0) {
      log.info("cluster pool {}: {} {}: re-dispatched {} jobs, {} at-most-once jobs {}, {} past max-redispatches ({} ms)",
          name, node, why, moved, removed ? unknown : kept,
          removed ? "failed with an unknown outcome" : "kept waiting (cleared to start there)", exhausted,
          (System.nanoTime() - began) / 1_000_000);
    }
  }

  private void retryWaiting() {
    if (waiting.isEmpty()) {
      return;
    }
    List<Job> again = new ArrayList<>(waiting);
    waiting.clear();
    for (Job job : again) {
      if (job.waiting) {
        unpark(job);
        job.clearRefusals();
        route(job);
      }
    }
  }

  private void unpark(Job job) {
    if (job.waiting) {
      job.waiting = false;
      pool.stats().waiting = --waitingCount;
    }
  }

  // ------------------------------------------------------------------ deadlines and stop

  private Behavior<Command> onTick() {
    long now = System.nanoTime();
    for (Job job : deadlines.expired(now)) {
      if (jobs.get(job.id) != job) {
        continue;
      }
      if (job.atMostOnce && job.granted) {
        fail(job, new JobOutcomeUnknown(name, job.host.node,
            "no result within its deadline of " + job.timeout.toMillis() + " ms"));
      } else {
        fail(job, new JobTimedOut(name, job.timeout, job.lastNode == null ? "" : job.lastNode));
      }
    }
    if (waitingCount == 0) {
      // Jobs that left the queue by failing are skipped lazily; drop them once none waits.
      waiting.clear();
    }
    return drain == null ? this : checkDrain(now);
  }

  private Behavior<Command> onDrain(Drain command) {
    if (drain == null) {
      drain = command;
      drainDeadline = System.nanoTime() + command.timeout().toNanos();
    }
    return checkDrain(System.nanoTime());
  }

  private Behavior<Command> checkDrain(long now) {
    if (!jobs.isEmpty() && drainDeadline - now > 0) {
      return this;
    }
    long unfinished = jobs.size();
    for (Job job : new ArrayList<>(jobs.values())) {
      fail(job, new ClusterPoolStopped(name, job.lastNode != null));
    }
    timers.cancelAll();
    drain.unfinished().complete(unfinished);
    return stopped();
  }

  /** After a drain: late acknowledgements are dropped, late submits refused. */
  private Behavior<Command> stopped() {
    return Behaviors.receive(Command.class)
        .onMessage(Submit.class, s -> {
          pool.stats().rejected.increment();
          s.job().outcome.fail(s.job().message, new ClusterPoolStopped(name, false));
          pool.finished();
          return Behaviors.same();
        })
        .onMessage(MayStart.class, m -> {
          m.host().tell(new NodeHost.Refuse(m.jobId(), m.dispatch(), getContext().getSelf()));
          return Behaviors.same();
        })
        .onMessage(Drain.class, d -> {
          d.unfinished().complete(0L);
          return Behaviors.same();
        })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }
}
