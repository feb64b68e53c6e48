package dev.tandem.bench.failover;

import dev.tandem.cluster.hotwarm.HotWarm;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Measures a warm standby's lag on its node: while recording, every event this node's standby
 * applies adds (now − the active's persist time) in microseconds. The singleton's event handler
 * also runs on the active and during recoveries; those are not a standby following the journal and
 * are left out (this node must host the standby, and the event must have been persisted after
 * recording started).
 */
final class LagRecorder {

  private final ActorSystem<?> system;
  private final String singleton;
  private final List<Long> samplesMicros = new ArrayList<>();
  private volatile long sinceNanos = Long.MAX_VALUE;

  LagRecorder(ActorSystem<?> system, String singleton) {
    this.system = system;
    this.singleton = singleton;
  }

  void start() {
    synchronized (samplesMicros) {
      samplesMicros.clear();
    }
    sinceNanos = System.nanoTime();
  }

  /** Stops recording and returns the samples (µs). */
  List<Long> stop() {
    sinceNanos = Long.MAX_VALUE;
    synchronized (samplesMicros) {
      return new ArrayList<>(samplesMicros);
    }
  }

  void applied(long persistedAtNanos) {
    if (persistedAtNanos < sinceNanos) {
      return;
    }
    long now = System.nanoTime();
    if (HotWarm.localStandbySequenceNr(system, singleton).isPresent()) {
      synchronized (samplesMicros) {
        samplesMicros.add((now - persistedAtNanos) / 1_000);
      }
    }
  }
}
