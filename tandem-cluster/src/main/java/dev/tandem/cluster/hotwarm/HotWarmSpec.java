package dev.tandem.cluster.hotwarm;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * What to run as a hot-warm singleton: a name (unique in the cluster; also its persistence id), the
 * behavior, and how many warm standbys to keep. Immutable; each {@code withX}/setter returns a copy.
 *
 * <pre>{@code
 * HotWarmRef<Ledger.Command, Ledger.Reply> ledger =
 *     HotWarm.init(system, HotWarmSpec.of("ledger", Ledger::create).standbys(2));
 * }</pre>
 */
public final class HotWarmSpec<C, E, S, R> {

  private final String name;
  private final Supplier<? extends HotWarmBehavior<C, E, S, R>> behavior;
  private final OptionalInt standbys;
  private final int snapshotEvery;
  private final int keepSnapshots;
  private final Optional<HotWarmSettings> settings;

  private HotWarmSpec(
      String name,
      Supplier<? extends HotWarmBehavior<C, E, S, R>> behavior,
      OptionalInt standbys,
      int snapshotEvery,
      int keepSnapshots,
      Optional<HotWarmSettings> settings) {
    this.name = name;
    this.behavior = behavior;
    this.standbys = standbys;
    this.snapshotEvery = snapshotEvery;
    this.keepSnapshots = keepSnapshots;
    this.settings = settings;
  }

  /**
   * A singleton named {@code name} (letters, digits, '-' and '_'), with the configured number of
   * standbys and no snapshots.
   */
  public static <C, E, S, R> HotWarmSpec<C, E, S, R> of(
      String name, Supplier<? extends HotWarmBehavior<C, E, S, R>> behavior) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(behavior, "behavior");
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "hot-warm singleton name must be letters, digits, '-' or '_': \"" + name + "\"");
    }
    return new HotWarmSpec<>(name, behavior, OptionalInt.empty(), 0, 0, Optional.empty());
  }

  /** Keep {@code count} warm standbys (0: takeover recovers from the journal, cold). */
  public HotWarmSpec<C, E, S, R> standbys(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("standbys must be 0 or more, was " + count);
    }
    return new HotWarmSpec<>(name, behavior, OptionalInt.of(count), snapshotEvery, keepSnapshots, settings);
  }

  /**
   * Save a snapshot every {@code numberOfEvents} events and keep the last {@code keep}. Snapshots
   * shorten a cold recovery (no warm standby on the new node); a warm takeover does not need them.
   * The state must then implement {@link CborSerializable}.
   */
  public HotWarmSpec<C, E, S, R> snapshotEvery(int numberOfEvents, int keep) {
    if (numberOfEvents < 1 || keep < 1) {
      throw new IllegalArgumentException("snapshotEvery needs numberOfEvents >= 1 and keep >= 1");
    }
    return new HotWarmSpec<>(name, behavior, standbys, numberOfEvents, keep, settings);
  }

  /** Use these settings instead of the ActorSystem's {@code tandem.hotwarm}. */
  public HotWarmSpec<C, E, S, R> withSettings(HotWarmSettings settings) {
    return new HotWarmSpec<>(name, behavior, standbys, snapshotEvery, keepSnapshots, Optional.of(settings));
  }

  public String name() {
    return name;
  }

  /** A fresh behavior instance. */
  public HotWarmBehavior<C, E, S, R> newBehavior() {
    return Objects.requireNonNull(behavior.get(), "the behavior factory returned null");
  }

  /** Standbys asked for here, if any (else the settings' default). */
  public OptionalInt standbys() {
    return standbys;
  }

  /** Events between snapshots, 0 if snapshots are off. */
  public int snapshotEvery() {
    return snapshotEvery;
  }

  /** Snapshots kept. */
  public int keepSnapshots() {
    return keepSnapshots;
  }

  /** Settings given here, if any. */
  public Optional<HotWarmSettings> settings() {
    return settings;
  }
}
