package dev.tandem.pool.internal;

/** Asks a worker to stop once nothing routed to it is still on its way. */
enum Retire {
  INSTANCE
}
