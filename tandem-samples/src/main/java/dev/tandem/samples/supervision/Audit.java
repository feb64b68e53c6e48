package dev.tandem.samples.supervision;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An independent sibling of the orders subtree: it should never notice the orders failures. */
final class Audit {
  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

  private Audit() {}

  interface Command {}

  static Behavior<Command> create() {
    return Behaviors.setup(ctx -> {
      LOG.info("audit: started");
      return Behaviors.empty();
    });
  }
}
