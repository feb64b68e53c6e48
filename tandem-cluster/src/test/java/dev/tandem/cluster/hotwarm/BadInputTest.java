package dev.tandem.cluster.hotwarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Messages a node cannot use, sent from another node: logged and dropped, the node serves on. */
class BadInputTest {

  /** A well-formed message of a type no hot-warm actor accepts. */
  record Bogus(String text) implements CborSerializable {}

  private static void sendTo(ActorSystem<?> from, ActorSystem<?> to, String path, Object message) {
    ActorSelection target = Adapter.toClassic(from)
        .actorSelection(Cluster.get(to).selfMember().address() + path);
    target.tell(message, org.apache.pekko.actor.ActorRef.noSender());
  }

  @Test
  @DisplayName("unknown message types and malformed payloads from a remote node are dropped; the node stays up and serving")
  void badInputIsDropped() throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      ActorSystem<Void> a = cluster.node("bad", "");
      ActorSystem<Void> b = cluster.node("bad", "");
      ActorSystem<Void> garbage = cluster.node("bad",
          "pekko.actor.serializers.jackson-cbor = \"dev.tandem.cluster.hotwarm.GarbageCbor\"");
      cluster.join(a, a);
      cluster.join(b, a);
      cluster.join(garbage, a);
      HotWarmSpec<Counter.Command, Counter.Event, Counter.State, Counter.Reply> spec =
          HotWarmSpec.of("bad", Counter::create).standbys(1);
      HotWarmRef<Counter.Command, Counter.Reply> viaA = HotWarm.init(a, spec);
      HotWarm.init(b, spec);
      assertEquals(1, viaA.ask("ok-1", new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS).adds());

      String proxy = "/system/tandem-hotwarm-bad-client";
      String active = "/system/singletonManagertandem-hotwarm-bad/tandem-hotwarm-bad";
      for (ActorSystem<Void> target : java.util.List.of(a, b)) {
        sendTo(b, target, proxy, new Bogus("not a proxy message"));
        sendTo(b, target, active, new Bogus("not an active message"));
        sendTo(garbage, target, proxy, new Bogus("arrives as garbage"));
        sendTo(garbage, target, active, new Bogus("arrives as garbage"));
      }

      // A command of the wrong type inside a well-formed envelope reaches the user's handler,
      // which cannot decide it: the caller gets a clear failure, nothing is applied.
      @SuppressWarnings({"unchecked", "rawtypes"})
      HotWarmRef<Object, Counter.Reply> untyped = (HotWarmRef) viaA;
      CompletionException wrongType = assertThrows(CompletionException.class,
          () -> untyped.ask("wrong-type", new Bogus("not a Counter command")).toCompletableFuture().join());
      assertInstanceOf(CommandFailed.class, wrongType.getCause());

      assertEquals(new Counter.Reply(2, 2), viaA.ask("ok-2", new Counter.Add(1)).toCompletableFuture().get(30, TimeUnit.SECONDS));
      for (ActorSystem<Void> node : java.util.List.of(a, b)) {
        assertEquals(MemberStatus.up(), Cluster.get(node).selfMember().status());
      }
    }
  }
}
