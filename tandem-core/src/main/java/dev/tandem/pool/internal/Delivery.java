package dev.tandem.pool.internal;

/**
 * A user message on its way to a worker, with the attempt it is on (1 for the first). Wrapping
 * tells pool traffic apart from messages a worker sends itself (timers, pipeToSelf), which the
 * pool neither counts nor re-dispatches.
 */
record Delivery(Object message, int attempt) {}
