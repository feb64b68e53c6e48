package dev.tandem.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.tandem.supervision.internal.SupervisionSettings;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("bad configuration is refused at build() with a message naming the problem")
class BadConfigurationTest {

  private static final Supplier<Behavior<String>> IDLE = Behaviors::empty;

  private static String refused(Supervisor.Builder builder) {
    return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
  }

  @Test
  @DisplayName("zero or negative intensity")
  void badIntensity() {
    assertEquals("supervisor 's': restart intensity: maxRestarts must be at least 1, was 0",
        refused(Supervisor.builder("s").intensity(0, Duration.ofSeconds(5)).child("a", IDLE, Restart.PERMANENT)));
    assertEquals("supervisor 's': restart intensity: maxRestarts must be at least 1, was -2",
        refused(Supervisor.builder("s").intensity(-2, Duration.ofSeconds(5))));
    assertEquals("supervisor 's': restart intensity: within must be a positive duration, was PT0S",
        refused(Supervisor.builder("s").intensity(3, Duration.ZERO)));
    assertEquals("supervisor 's': restart intensity: within must be a positive duration, was PT-1S",
        refused(Supervisor.builder("s").intensity(3, Duration.ofSeconds(-1))));
  }

  @Test
  @DisplayName("duplicate child names")
  void duplicateNames() {
    assertEquals("supervisor 's', child 'db': duplicate child name",
        refused(Supervisor.builder("s").child("db", IDLE, Restart.PERMANENT).child("db", IDLE, Restart.TRANSIENT)));
  }

  @Test
  @DisplayName("a null factory, a missing restart type, a blank or invalid name")
  void badChildren() {
    assertEquals("supervisor 's', child 'db': factory must not be null",
        refused(Supervisor.builder("s").child("db", (Supplier<Behavior<String>>) null, Restart.PERMANENT)));
    assertEquals("supervisor 's', child 'db': restart type must not be null",
        refused(Supervisor.builder("s").child("db", IDLE, null)));
    assertEquals("supervisor 's', child #2: child name must not be blank",
        refused(Supervisor.builder("s").child("a", IDLE, Restart.PERMANENT).child(" ", IDLE, Restart.PERMANENT)));
    assertEquals("supervisor 's', child 'a/b': child name is not a valid actor name"
            + " (letters, digits and -_.:@&=+,!~*'; only, not starting with $)",
        refused(Supervisor.builder("s").child("a/b", IDLE, Restart.PERMANENT)));
    assertEquals("supervisor name must not be blank", refused(Supervisor.builder("")));
    assertEquals("supervisor 's': strategy must not be null", refused(Supervisor.builder("s").strategy(null)));
  }

  @Test
  @DisplayName("a wrong setting under tandem.supervision names the key")
  void badSettings() {
    var reference = ConfigFactory.defaultReference();
    var negative = assertThrows(IllegalArgumentException.class, () -> SupervisionSettings.create(
        ConfigFactory.parseString("tandem.supervision.stash-capacity = -1").withFallback(reference)));
    assertEquals("tandem.supervision.stash-capacity must be 0 or more, was -1", negative.getMessage());
    var notANumber = assertThrows(IllegalArgumentException.class, () -> SupervisionSettings.create(
        ConfigFactory.parseString("tandem.supervision.intensity.max-restarts = lots").withFallback(reference)));
    assertEquals(true, notANumber.getMessage().startsWith("tandem.supervision.intensity.max-restarts: "),
        notANumber.getMessage());
    var zero = assertThrows(IllegalArgumentException.class, () -> SupervisionSettings.create(
        ConfigFactory.parseString("tandem.supervision.intensity.max-restarts = 0").withFallback(reference)));
    assertEquals("tandem.supervision.intensity: restart intensity: maxRestarts must be at least 1, was 0",
        zero.getMessage());
  }
}
