package dev.tandem.cluster.pool.internal;

import java.util.Arrays;
import java.util.Objects;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * A job's message in serialized form, inside a {@link NodeHost.Work}: the pool's envelope is
 * Jackson CBOR, the job itself uses whatever serializer its class is bound to, the way Pekko's own
 * envelopes carry payloads. Serializing once at the sender also lets a re-dispatch reuse the
 * bytes, and turns a job that cannot be serialized into a clear failure for its caller instead of
 * a message dropped by remoting.
 *
 * @param serializerId the Pekko serializer's identifier
 * @param manifest the serializer's manifest for the message's class
 * @param bytes the serialized message
 */
public record Payload(int serializerId, String manifest, byte[] bytes) {

  public Payload {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * Serializes {@code message} with its bound serializer. Actor references inside it are written
   * with this node's address, so a worker on another node can reply to them.
   *
   * @throws IllegalArgumentException if no serializer can write it (the message says which class)
   */
  public static Payload of(ActorSystem<?> system, Object message) {
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
    Serialization serialization = SerializationExtension.get(classic);
    try {
      return org.apache.pekko.serialization.Serialization$.MODULE$.withTransportInformation(classic, () -> {
        Serializer serializer = serialization.findSerializerFor(message);
        String manifest = Serializers.manifestFor(serializer, message);
        return new Payload(serializer.identifier(), manifest, serializer.toBinary(message));
      });
    } catch (Exception e) {
      // Pekko's serializers also throw checked exceptions (NotSerializableException) undeclared.
      throw new IllegalArgumentException("cannot serialize " + message.getClass().getName() + " ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "); bind it to jackson-cbor in"
          + " pekko.actor.serialization-bindings", e);
    }
  }

  /**
   * Reads the message back on the receiving node.
   *
   * @throws IllegalArgumentException if it cannot be read (unknown class or serializer, corrupt bytes)
   */
  public Object read(ActorSystem<?> system) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    try {
      return serialization.deserialize(bytes, serializerId, manifest).get();
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot read a job of manifest '" + manifest + "' (serializer "
          + serializerId + "): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Payload p && p.serializerId == serializerId && p.manifest.equals(manifest)
        && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serializerId, manifest, Arrays.hashCode(bytes));
  }

  @Override
  public String toString() {
    return "Payload[serializer=" + serializerId + ", manifest=" + manifest + ", " + bytes.length + " bytes]";
  }
}
