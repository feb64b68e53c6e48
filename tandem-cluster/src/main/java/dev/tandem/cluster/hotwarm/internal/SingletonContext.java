package dev.tandem.cluster.hotwarm.internal;

import dev.tandem.cluster.hotwarm.HotWarmBehavior;
import dev.tandem.cluster.hotwarm.HotWarmSettings;
import dev.tandem.cluster.hotwarm.HotWarmSpec;

/** Everything the actors of one hot-warm singleton share on a node. */
record SingletonContext(HotWarmSpec<?, ?, ?, ?> spec, HotWarmSettings settings, int standbys) {

  String name() {
    return spec.name();
  }

  /** The persistence id: one journal stream per singleton. */
  String persistenceId() {
    return "HotWarm|" + spec.name();
  }

  @SuppressWarnings("rawtypes")
  HotWarmBehavior newBehavior() {
    return spec.newBehavior();
  }

  /** The singleton's actor name under the singleton manager. */
  String singletonName() {
    return "tandem-hotwarm-" + spec.name();
  }

  /** The client proxy's actor name under /system on every node. */
  String proxyName() {
    return "tandem-hotwarm-" + spec.name() + "-client";
  }

  String placementName() {
    return "tandem-hotwarm-" + spec.name() + "-standbys";
  }
}
