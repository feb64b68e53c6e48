package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.hotwarm.HotWarmSettings;
import dev.tandem.cluster.hotwarm.HotWarmSpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/** Starts one singleton's actors on a node: the singleton manager, the standby placement, the proxy. */
public final class Wiring {
  private Wiring() {}

  /** Starts them once per name and ActorSystem; returns the node's client proxy. */
  public static ActorRef<ClientProxy.Submit> start(ActorSystem<?> system, HotWarmSpec<?, ?, ?, ?> spec, HotWarmSettings settings) {
    HotWarmNode node = HotWarmNode.get(system);
    node.startWatchers(settings);
    return node.singleton(spec.name(), () -> {
      SingletonContext singleton =
          new SingletonContext(spec, settings, spec.standbys().orElse(settings.standbys()));
      ClusterSingletonSettings singletonSettings =
          ClusterSingletonSettings.create(system)
              .withRemovalMargin(settings.removalMargin())
              .withHandoverRetryInterval(settings.handOverRetryInterval());
      if (!settings.role().isEmpty()) {
        singletonSettings = singletonSettings.withRole(settings.role());
      }
      ActorRef<Protocol.ActiveMessage> singletonProxy =
          ClusterSingleton.get(system)
              .init(
                  SingletonActor.of(ActiveGuard.create(singleton), singleton.singletonName())
                      .withStopMessage(new Protocol.Handoff())
                      .withSettings(singletonSettings));
      system.systemActorOf(StandbyPlacement.create(singleton), singleton.placementName(), Props.empty());
      ActorRef<Protocol.ProxyMessage> proxy =
          system.systemActorOf(ClientProxy.create(singleton, singletonProxy), singleton.proxyName(), Props.empty());
      return proxy.<ClientProxy.Submit>narrow();
    });
  }
}
