package dev.tandem.supervision;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A child that reports its life to a probe and crashes, stops or echoes on demand. */
final class TestChild {
  private TestChild() {}

  sealed interface Msg {}

  record Crash(String reason) implements Msg {}

  record StopNormally() implements Msg {}

  /** Replied to with {@code "<name>#<incarnation>:<text>"}. */
  record Echo(String text, ActorRef<String> replyTo) implements Msg {}

  /** A lifecycle step: {@code started}, {@code pre-restart} or {@code post-stop}. */
  record Life(String child, int incarnation, String what) {
    @Override
    public String toString() {
      return child + "#" + incarnation + " " + what;
    }
  }

  static Supplier<Behavior<Msg>> factory(String name, ActorRef<Life> lifecycle) {
    return factory(name, lifecycle, incarnation -> false);
  }

  /** A factory whose set-up throws for the incarnations {@code failStart} accepts. */
  static Supplier<Behavior<Msg>> factory(String name, ActorRef<Life> lifecycle, IntPredicate failStart) {
    AtomicInteger incarnations = new AtomicInteger();
    return () -> Behaviors.setup(ctx -> {
      int n = incarnations.incrementAndGet();
      if (failStart.test(n)) {
        throw new IllegalStateException(name + " cannot start (attempt " + n + ")");
      }
      lifecycle.tell(new Life(name, n, "started"));
      return Behaviors.receive(Msg.class)
          .onMessage(Crash.class, c -> {
            throw new IllegalStateException(c.reason());
          })
          .onMessage(StopNormally.class, s -> Behaviors.stopped())
          .onMessage(Echo.class, e -> {
            e.replyTo().tell(name + "#" + n + ":" + e.text());
            return Behaviors.same();
          })
          .onSignal(PreRestart.class, s -> {
            lifecycle.tell(new Life(name, n, "pre-restart"));
            return Behaviors.same();
          })
          .onSignal(PostStop.class, s -> {
            lifecycle.tell(new Life(name, n, "post-stop"));
            return Behaviors.same();
          })
          .build();
    });
  }
}
