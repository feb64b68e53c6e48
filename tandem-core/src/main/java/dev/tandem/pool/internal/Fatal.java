package dev.tandem.pool.internal;

/** Throwables no pool should try to survive: the JVM itself is in trouble. */
final class Fatal {

  private Fatal() {}

  static boolean is(Throwable t) {
    return t instanceof VirtualMachineError || t instanceof LinkageError
        || t instanceof InterruptedException;
  }
}
