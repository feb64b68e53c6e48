package dev.tandem.testkit.multinode.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills every node process still registered when the test JVM exits, whatever the reason (normal
 * end, System.exit, SIGTERM, SIGINT). A SIGKILLed test JVM runs no hook; its nodes notice the
 * control connection drop and halt by themselves (see {@link NodeRuntime}).
 */
final class ProcessReaper {

  private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "tandem-testkit-reaper"));
  }

  private ProcessReaper() {}

  static void register(ProcessHandle process) {
    LIVE.add(process);
  }

  static void unregister(ProcessHandle process) {
    LIVE.remove(process);
  }

  private static void killAll() {
    for (ProcessHandle p : LIVE) {
      p.destroyForcibly();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle p : LIVE) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          // Best effort while the JVM exits: SIGKILL was sent, nothing more can be done.
        }
      }
    }
  }
}
