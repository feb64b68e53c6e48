package dev.tandem.testkit.multinode.internal;

import com.typesafe.config.ConfigFactory;
import dev.tandem.testkit.multinode.ClusterSpec;
import dev.tandem.testkit.multinode.NodeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A node as an ActorSystem inside the test JVM, driven over the same loopback protocol. */
final class InJvmNodeProcess implements NodeProcess {

  private static final Logger log = LoggerFactory.getLogger(InJvmNodeProcess.class);

  private final NodeRuntime runtime;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final CompletableFuture<Boolean> started = new CompletableFuture<>();

  private InJvmNodeProcess(NodeRuntime runtime) {
    this.runtime = runtime;
  }

  static InJvmNodeProcess launch(ClusterSpec cluster, NodeSpec node, int port, String token, int controlPort,
      Duration barrierTimeout) {
    NodeRuntime.Launch launch = new NodeRuntime.Launch(node.name(), cluster.name(), token, controlPort, barrierTimeout, true);
    NodeRuntime runtime = new NodeRuntime(launch,
        () -> ConfigFactory.load(NodeConfig.of(cluster, node, port).withFallback(ConfigFactory.defaultApplication())),
        Thread.currentThread().getContextClassLoader());
    InJvmNodeProcess process = new InJvmNodeProcess(runtime);
    Thread starter = new Thread(() -> {
      try {
        if (runtime.start()) {
          process.started.complete(true);
          runtime.system().getWhenTerminated().whenComplete((done, error) -> process.exit.complete(0));
        } else {
          process.started.complete(false);
          process.exit.complete(2);
        }
      } catch (Exception | LinkageError e) {
        log.error("{} could not start in-process: {}", node.name(), e.toString());
        process.started.complete(false);
        process.exit.complete(3);
      }
    }, "tandem-start-" + node.name());
    starter.setDaemon(true);
    starter.start();
    return process;
  }

  @Override
  public Optional<Long> pid() {
    return Optional.empty();
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return exit;
  }

  @Override
  public void kill() {
    // Once the start attempt is over, terminate; a node still starting is terminated as it finishes.
    started.thenAccept(ok -> {
      if (ok) {
        runtime.terminateAbruptly();
      }
    });
  }

  @Override
  public void terminate() {
    started.thenAccept(ok -> {
      if (ok) {
        runtime.shutDownGracefully();
      }
    });
  }

  @Override
  public void pause() {
    throw new UnsupportedOperationException(
        "pause needs a separate JVM to freeze: use ClusterSpec.processes(...) instead of inProcess(...)");
  }

  @Override
  public void resume() {
    throw new UnsupportedOperationException("resume needs a separate JVM: use ClusterSpec.processes(...)");
  }

  @Override
  public Optional<Path> logFile() {
    return Optional.empty();
  }
}
