package dev.tandem.testkit.multinode.internal;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One incarnation of a node, however it runs: a JVM process or an ActorSystem in the test JVM. */
interface NodeProcess {

  /** The OS process id; empty in-process. */
  Optional<Long> pid();

  /** Completes with the exit code when the incarnation is gone. */
  CompletableFuture<Integer> onExit();

  /** Ends it at once, without leaving the cluster. Returns without waiting. */
  void kill();

  /** Ends it gracefully (CoordinatedShutdown). Returns without waiting. */
  void terminate();

  /** Freezes it; returns once it is frozen. */
  void pause();

  /** Unfreezes it. */
  void resume();

  /** Where it logs; empty in-process. */
  Optional<Path> logFile();
}
