package dev.tandem.supervision.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/** Renders a failure as one readable line with its chain of causes, no stack trace. */
public final class Causes {
  private Causes() {}

  /** {@code "IllegalStateException: boom <- caused by IOException: disk full"}. */
  public static String chain(Throwable failure) {
    StringBuilder line = new StringBuilder();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (line.length() > 0) {
        line.append(" <- caused by ");
      }
      line.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        line.append(": ").append(t.getMessage());
      }
    }
    return line.toString();
  }

  static String describe(Optional<Throwable> cause) {
    return cause.map(Causes::chain).orElse("a normal stop");
  }

  /** Errors no actor should try to survive, as Scala's NonFatal defines them. */
  static boolean isFatal(Throwable t) {
    return t instanceof VirtualMachineError
        || t instanceof ThreadDeath
        || t instanceof InterruptedException
        || t instanceof LinkageError;
  }
}
