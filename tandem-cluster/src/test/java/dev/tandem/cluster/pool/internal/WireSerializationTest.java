package dev.tandem.cluster.pool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.tandem.cluster.pool.ClusterPool;
import dev.tandem.cluster.pool.ClusterPoolSettings;
import dev.tandem.cluster.pool.ClusterPoolSpec;
import dev.tandem.pool.Routing;
import dev.tandem.testkit.ActorTestKitExtension;
import java.io.Serializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every message of the pool's own protocol that crosses the wire goes through Jackson CBOR and
 * comes back equal; jobs inside a {@link Payload} keep their reply-to with this node's address.
 */
class WireSerializationTest {

  /** A user job as the docs recommend: a record bound to jackson-cbor, replying to a typed ref. */
  public interface UserMessage {}

  public record UserJob(String id, long cents, ActorRef<String> replyTo) implements UserMessage {}

  record NotBound(String id) implements Serializable {}

  @RegisterExtension
  static final ActorTestKitExtension kit = ActorTestKitExtension.create(ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.remote.artery.canonical.port = 0
      pekko.actor.serialization-bindings {
        "dev.tandem.cluster.pool.internal.WireSerializationTest$UserMessage" = jackson-cbor
      }
      """));

  private static Object roundTrip(ActorSystem<?> system, Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    Serializer serializer = serialization.findSerializerFor(message);
    assertTrue(serializer.getClass().getSimpleName().equals("JacksonCborSerializer"),
        message.getClass().getSimpleName() + " is serialized by " + serializer.getClass().getName());
    byte[] bytes = serialization.serialize(message).get();
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  @Test
  @DisplayName("every wire message of the pool's protocol round-trips through jackson-cbor")
  void protocolRoundTrips() {
    ActorSystem<?> system = kit.testKit().system();
    ActorRef<Dispatcher.Command> origin = kit.testKit().<Dispatcher.Command>createTestProbe().ref();
    ActorRef<NodeHost.Command> host = kit.testKit().<NodeHost.Command>createTestProbe().ref();
    Payload payload = Payload.of(system, new UserJob("t-1", 1200, kit.testKit().<String>createTestProbe().ref()));
    List<Object> messages = List.of(
        new NodeHost.Work(42, 2, true, false, origin, payload),
        new NodeHost.Grant(42, 2, origin),
        new NodeHost.Refuse(42, 2, origin),
        new Dispatcher.Done(42, 2, "127.0.0.1:2552"),
        new Dispatcher.Failed(42, 2, "127.0.0.1:2552", 3, "IllegalStateException: boom"),
        new Dispatcher.Refused(42, 2, "127.0.0.1:2552", Dispatcher.Refusal.FULL),
        new Dispatcher.Refused(42, 2, "127.0.0.1:2552", Dispatcher.Refusal.UNREADABLE),
        new Dispatcher.MayStart(42, 2, host));
    for (Object message : messages) {
      assertEquals(message, roundTrip(system, message), message.getClass().getSimpleName());
    }
  }

  @Test
  @DisplayName("a job's payload reads back equal, with its reply-to carrying this node's address")
  void payloadKeepsReplyTo() {
    ActorSystem<?> system = kit.testKit().system();
    ActorRef<String> replyTo = kit.testKit().<String>createTestProbe().ref();
    UserJob job = new UserJob("t-2", 99, replyTo);
    Payload payload = Payload.of(system, job);
    NodeHost.Work work = (NodeHost.Work) roundTrip(system,
        new NodeHost.Work(7, 1, false, true, kit.testKit().<Dispatcher.Command>createTestProbe().ref(), payload));
    Object read = work.payload().read(system);
    assertEquals(job, read);
    String self = Cluster.get(system).selfMember().address().toString();
    String written = new String(payload.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(written.contains(self), "the reply-to is written with the node's address " + self);
  }

  @Test
  @DisplayName("a job class without a binding is refused with a message naming it (Java serialization stays off)")
  void unboundIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Payload.of(kit.testKit().system(), new NotBound("x")));
    assertTrue(e.getMessage().contains("WireSerializationTest$NotBound"), e.getMessage());
    assertTrue(e.getMessage().contains("jackson-cbor"), e.getMessage());
  }

  @Test
  @DisplayName("corrupt payload bytes are refused with a message, not a crash")
  void corruptPayload() {
    ActorSystem<?> system = kit.testKit().system();
    Payload good = Payload.of(system, new UserJob("t-3", 1, kit.testKit().<String>createTestProbe().ref()));
    Payload bad = new Payload(good.serializerId(), good.manifest(), new byte[] {1, 2, 3});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.read(system));
    assertTrue(e.getMessage().contains("UserJob"), e.getMessage());
  }

  @Test
  @DisplayName("starting a consistent-hash pool without a key fails naming tandem.cluster-pool.routing")
  void consistentHashNeedsKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterPool.start(
        kit.testKit().system(), ClusterPoolSpec.of("nokey", Behaviors.ignore(),
            ClusterPoolSettings.defaults().withRouting(Routing.CONSISTENT_HASH))));
    assertTrue(e.getMessage().contains("tandem.cluster-pool.routing"), e.getMessage());
  }

  @Test
  @DisplayName("a second pool of the same name in one system is refused")
  void duplicateName() {
    ClusterPool.start(kit.testKit().system(), ClusterPoolSpec.of("twice", Behaviors.ignore(),
        ClusterPoolSettings.defaults().withWorkersPerNode(1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterPool.start(
        kit.testKit().system(), ClusterPoolSpec.of("twice", Behaviors.ignore(), ClusterPoolSettings.defaults())));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }
}
