package dev.tandem.pool;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** The work the pool tests send: each job says what its worker does, then it reports done. */
final class TestJobs {

  private TestJobs() {}

  private static final AtomicLong poolNames = new AtomicLong();

  /** A pool name no other test in the JVM uses. */
  static String uniqueName(String prefix) {
    return prefix + "-" + poolNames.incrementAndGet();
  }

  /** What a worker does with a job, given its own name; may throw or block. */
  interface Step extends Consumer<String> {}

  record Job(String id, String key, Step step, ActorRef<Object> replyTo) {
    static Job ok(String id, ActorRef<Object> replyTo) {
      return new Job(id, id, worker -> {}, replyTo);
    }
  }

  /** The reply of a job that completed, naming the worker that completed it. */
  record Done(String id, String worker) {}

  /** Every worker: runs the job's step, then replies {@link Done}. */
  static Behavior<Job> worker() {
    return Behaviors.setup(ctx -> {
      String me = ctx.getSelf().path().name();
      return Behaviors.receiveMessage(job -> {
        job.step().accept(me);
        job.replyTo().tell(new Done(job.id(), me));
        return Behaviors.same();
      });
    });
  }

  /** Failures go back to the job's own reply-to, as a user's FailureReply would. */
  static FailureReply<Job> replyToSender() {
    return (job, failure) -> job.replyTo().tell(failure);
  }

  /** Test settings: fast restarts so recovery never slows a test. */
  static PoolSettings fast() {
    return PoolSettings.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), 0.0);
  }

  /** Throws the first time any worker runs it, recording which worker that was. */
  static Step crashOnce(AtomicBoolean crashed, Queue<String> crashedOn) {
    return worker -> {
      if (crashed.compareAndSet(false, true)) {
        crashedOn.add(worker);
        throw new IllegalStateException("crash mid-message (expected by the test)");
      }
    };
  }

  /** Throws every time, counting the attempts. */
  static Step poison(AtomicInteger attempts) {
    return worker -> {
      attempts.incrementAndGet();
      throw new IllegalArgumentException("poison (expected by the test)");
    };
  }

  /** Signals that it started, then holds its worker until released (a barrier, not a sleep). */
  static Step block(CountDownLatch started, CountDownLatch release) {
    return worker -> {
      started.countDown();
      try {
        if (!release.await(8, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test never released the blocked worker");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    };
  }

  /**
   * Asserts once the pool has counted what the test already observed: a worker replies before
   * its handler returns, so the completion is counted a moment after the reply arrives.
   */
  static void eventually(TestProbe<?> probe, Runnable assertion) {
    probe.awaitAssert(() -> {
      assertion.run();
      return null;
    });
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not reached within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
