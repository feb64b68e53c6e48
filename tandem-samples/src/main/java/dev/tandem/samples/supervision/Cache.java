package dev.tandem.samples.supervision;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A cache that is only valid with the database it was filled from: it starts after, and restarts with, the db. */
final class Cache {
  private static final Logger LOG = LoggerFactory.getLogger(Cache.class);

  private Cache() {}

  interface Command {}

  static Behavior<Command> create() {
    return Behaviors.setup(ctx -> {
      LOG.info("cache: warmed from the current db connection");
      return Behaviors.empty();
    });
  }
}
