package dev.tandem.testkit.multinode.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * SIGSTOP and SIGCONT for node processes. {@link ProcessHandle} can only terminate, so this runs
 * the {@code kill} command, and checks the outcome in {@code /proc/<pid>/stat}.
 */
final class Signals {

  private Signals() {}

  /** Sends {@code signal} (e.g. {@code STOP}) to {@code pid}. */
  static void send(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("kill -" + signal + " " + pid + " did not return within 10 s");
      }
      if (kill.exitValue() != 0) {
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed (exit " + kill.exitValue() + "): " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run 'kill -" + signal + "' (is the kill command on the PATH?): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + signal + " to " + pid, e);
    }
  }

  /**
   * The process state letter from {@code /proc/<pid>/stat} ({@code T} = stopped, {@code R},
   * {@code S}, ...); empty where there is no /proc or the process is gone.
   */
  static Optional<Character> state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      int afterName = stat.lastIndexOf(')');
      return afterName < 0 || afterName + 2 >= stat.length() ? Optional.empty() : Optional.of(stat.charAt(afterName + 2));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
