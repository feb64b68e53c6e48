package dev.tandem.supervision.internal;

import dev.tandem.supervision.Backoff;
import dev.tandem.supervision.ChildSpec;
import dev.tandem.supervision.RestartIntensity;
import dev.tandem.supervision.Strategy;
import dev.tandem.supervision.SupervisionEvent;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** A validated supervisor declaration; unset values are filled from the settings at start. */
public record SupervisorSpec(
    String name,
    Strategy strategy,
    Optional<RestartIntensity> intensity,
    Optional<Backoff> backoff,
    List<ChildSpec<?>> children,
    List<ActorRef<SupervisionEvent>> listeners) {}
