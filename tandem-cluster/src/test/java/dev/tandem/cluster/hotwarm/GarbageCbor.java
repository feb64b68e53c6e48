package dev.tandem.cluster.hotwarm;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Test stand-in for the CBOR serializer on a misbehaving node: same serializer id, a real manifest,
 * and bytes that are not CBOR. The receiving node must log and drop what it cannot read.
 */
public final class GarbageCbor extends SerializerWithStringManifest {

  public GarbageCbor(ExtendedActorSystem system) {}

  @Override
  public int identifier() {
    return 33; // jackson-cbor's
  }

  @Override
  public String manifest(Object o) {
    return "dev.tandem.cluster.hotwarm.internal.Protocol$Deliver";
  }

  @Override
  public byte[] toBinary(Object o) {
    return new byte[] {(byte) 0xff, 0x13, 0x37, (byte) 0xbf};
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) {
    throw new IllegalArgumentException("GarbageCbor never reads");
  }
}
