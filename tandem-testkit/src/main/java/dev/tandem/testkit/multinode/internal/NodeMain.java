package dev.tandem.testkit.multinode.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of a node process. The test JVM launches it with {@code -D} properties naming the
 * node, the control port and the node's configuration file; see {@link JvmNodeProcess}. Exit
 * codes: 0 after the ActorSystem terminated, 2 if it could not start, 3 if the test JVM could not
 * be reached, 70 if the test JVM went away.
 */
public final class NodeMain {

  static final String NAME = "tandem.testkit.node.name";
  static final String SYSTEM = "tandem.testkit.node.system";
  static final String TOKEN = "tandem.testkit.node.token";
  static final String CONTROL_PORT = "tandem.testkit.node.control-port";
  static final String CONFIG_FILE = "tandem.testkit.node.config-file";
  static final String BARRIER_TIMEOUT = "tandem.testkit.node.barrier-timeout-ms";

  private NodeMain() {}

  public static void main(String[] args) throws Exception {
    Logger log = LoggerFactory.getLogger(NodeMain.class);
    NodeRuntime.Launch launch = new NodeRuntime.Launch(
        required(NAME), required(SYSTEM), required(TOKEN), Integer.parseInt(required(CONTROL_PORT)),
        Duration.ofMillis(Long.parseLong(required(BARRIER_TIMEOUT))), false);
    // System properties (the ones a NodeSpec adds) override the file, as with ConfigFactory.load().
    File configFile = new File(required(CONFIG_FILE));
    Supplier<Config> config = () -> ConfigFactory.load(
        ConfigFactory.parseFile(configFile).withFallback(ConfigFactory.defaultApplication()));
    NodeRuntime runtime = new NodeRuntime(launch, config, NodeMain.class.getClassLoader());
    boolean started;
    try {
      started = runtime.start();
    } catch (java.io.IOException e) {
      log.error("{} cannot reach the test JVM on port {}: {}", launch.node(), launch.controlPort(), e.toString());
      System.exit(3);
      return;
    } catch (RuntimeException | Error e) {
      log.error("{} failed to start", launch.node(), e);
      System.exit(2);
      return;
    }
    if (!started) {
      System.exit(2);
      return;
    }
    runtime.system().getWhenTerminated().toCompletableFuture().join();
    log.info("{}: ActorSystem terminated, exiting", launch.node());
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> { }));
    } catch (IllegalStateException shuttingDown) {
      return; // SIGTERM: the JVM is already exiting; System.exit would block
    }
    System.exit(0);
  }

  private static String required(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException("NodeMain is started by the Tandem test kit; system property " + key + " is missing");
    }
    return value;
  }
}
