package dev.tandem.cluster.pool.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;

/**
 * A job as its origin's dispatcher tracks it from submit to outcome. Immutable parts are set on
 * the submitting thread; the rest is touched by the dispatcher only.
 */
final class Job {

  final long id;
  final Object message;
  final boolean atMostOnce;
  /** Consistent-hash key, or null without one. */
  final String key;
  final Outcome outcome;
  final Duration timeout;
  final long deadlineNanos;

  /** The message in serialized form, made on the first dispatch to another node. */
  Payload payload;
  /** Dispatches so far (0: never sent); acknowledgements name the dispatch they answer. */
  int dispatch;
  /** Where the current dispatch went; null while waiting for a host. */
  Host host;
  /** The node of the latest dispatch, null before the first: where the job may have run. */
  String lastNode;
  /** Whether {@link #host}'s load counts this job (until its handler returns there). */
  boolean loadHeld;
  /** An at-most-once job was cleared to start by its current host; it will never move again. */
  boolean granted;
  /** Moves after node loss. */
  int redispatches;
  /** Nodes that refused the job (full or stopping) since it last moved; not tried again. */
  Set<Address> refusedBy;
  boolean refusedAsFull;
  boolean refusedAsUnreadable;
  /** Waiting in the dispatcher's queue for a host. */
  boolean waiting;

  Job(long id, Object message, boolean atMostOnce, String key, Outcome outcome, Duration timeout) {
    this.id = id;
    this.message = message;
    this.atMostOnce = atMostOnce;
    this.key = key;
    this.outcome = outcome;
    this.timeout = timeout;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  boolean refusedBy(Host host) {
    return refusedBy != null && refusedBy.contains(host.address);
  }

  void refused(Host host, Dispatcher.Refusal reason) {
    if (refusedBy == null) {
      refusedBy = new HashSet<>();
    }
    refusedBy.add(host.address);
    refusedAsFull |= reason == Dispatcher.Refusal.FULL;
    refusedAsUnreadable |= reason == Dispatcher.Refusal.UNREADABLE;
  }

  void clearRefusals() {
    refusedBy = null;
    refusedAsFull = false;
    refusedAsUnreadable = false;
  }

  /** How the caller learns the outcome. */
  interface Outcome {
    /** True for an ask: the job is complete when the reply arrives, not when the handler returns. */
    boolean awaitsReply();

    /** Fails the job towards its caller (at most once per job; the dispatcher guarantees it). */
    void fail(Object message, dev.tandem.cluster.pool.ClusterPoolFailure failure);

    /** Hands an ask's reply to its caller (at most once per job, and never after a failure). */
    void succeed(Object reply);
  }
}
