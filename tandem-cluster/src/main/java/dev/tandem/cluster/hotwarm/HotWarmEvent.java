package dev.tandem.cluster.hotwarm;

/**
 * What a hot-warm singleton tells about itself, published on the ActorSystem's event stream
 * (subscribe with {@code EventStream.Subscribe(HotWarmEvent.class, ref)}) and logged at INFO.
 */
public sealed interface HotWarmEvent permits TakeoverReport, ActiveFenced {
  /** The singleton's name. */
  String name();
}
