package dev.tandem.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Objects;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives a test class one Pekko Typed {@link ActorTestKit} and shuts it
 * down after the last test of the class, whether the tests pass or fail.
 *
 * <p>Register it on a {@code static} field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ActorTestKitExtension kit = ActorTestKitExtension.create();
 *
 * @Test
 * void echoes() {
 *   TestProbe<String> probe = kit.testKit().createTestProbe();
 *   ...
 * }
 * }</pre>
 *
 * or declaratively with {@code @ExtendWith(ActorTestKitExtension.class)} and take an {@link
 * ActorTestKit} or {@link ActorSystem} as a test method or constructor parameter.
 *
 * <p>The ActorSystem logs through SLF4J, so the test's Logback configuration decides what is
 * printed. Registering the extension on an instance field fails the test with an {@link
 * ExtensionConfigurationException}: JUnit would never call its after-all hook, and the ActorSystem
 * would leak.
 */
public final class ActorTestKitExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ActorTestKitExtension.class);

  private final Config customConfig;
  private volatile ActorTestKit testKit;

  /** For {@code @ExtendWith}: a test kit with the default test configuration. */
  public ActorTestKitExtension() {
    this(ConfigFactory.empty());
  }

  private ActorTestKitExtension(Config customConfig) {
    this.customConfig = Objects.requireNonNull(customConfig, "customConfig");
  }

  /** A test kit with the default test configuration. */
  public static ActorTestKitExtension create() {
    return new ActorTestKitExtension();
  }

  /**
   * A test kit whose ActorSystem uses {@code customConfig} in front of the defaults (for example
   * {@code ManualTime.config()}).
   */
  public static ActorTestKitExtension create(Config customConfig) {
    return new ActorTestKitExtension(customConfig);
  }

  /**
   * The test kit of the running test class.
   *
   * @throws IllegalStateException outside the class's lifecycle (before the first test or after
   *     the last)
   */
  public ActorTestKit testKit() {
    ActorTestKit current = testKit;
    if (current == null) {
      throw new IllegalStateException(
          "ActorTestKitExtension has no test kit here: it exists from before the first test of the"
              + " class until after the last one");
    }
    return current;
  }

  /** The ActorSystem of {@link #testKit()}. */
  public ActorSystem<Void> system() {
    return testKit().system();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String name = context.getRequiredTestClass().getSimpleName().replaceAll("[^A-Za-z0-9]", "");
    ActorTestKit created = ActorTestKit.create(name.isEmpty() ? "test" : name, config());
    testKit = created;
    // Also keep it in the class-level store so declarative use (@ExtendWith) finds it and JUnit
    // closes it even if afterAll is never reached.
    context.getStore(NAMESPACE).put(ActorTestKit.class, new Shutdown(created));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (testKit == null) {
      throw new ExtensionConfigurationException(
          "ActorTestKitExtension must be registered on a static field (or with @ExtendWith on the"
              + " class): on an instance field JUnit never shuts its ActorSystem down");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Shutdown shutdown = context.getStore(NAMESPACE).remove(ActorTestKit.class, Shutdown.class);
    testKit = null;
    if (shutdown != null) {
      shutdown.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    Class<?> type = parameter.getParameter().getType();
    return type == ActorTestKit.class || type == ActorSystem.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == ActorTestKit.class ? testKit() : system();
  }

  private Config config() {
    return customConfig
        .withFallback(ConfigFactory.parseResources("tandem-testkit-defaults.conf"))
        .withFallback(ActorTestKit.applicationTestConfig());
  }

  private record Shutdown(ActorTestKit kit) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      kit.shutdownTestKit();
    }
  }
}
