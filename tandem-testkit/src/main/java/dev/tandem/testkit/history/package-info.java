/**
 * Jepsen-style histories and checkers: record what clients did, then judge it.
 *
 * <pre>
 * HistoryRecorder.create()     thread-safe; invoke(process, function, key, value) -> Invocation,
 *                              recordWrite(writer, epoch, seqNr, key), history()
 * Invocation                   ok() / ok(result) / fail(reason) / unknown(reason), exactly once
 * History                      immutable operations + write records; calls(); merge(histories)
 * Operation, WriteRecord       the entries (records; they cross between JVMs as JSON)
 * NoLostWrites.check           every acknowledged write is in the final state (and no failed or unknown-origin one)
 * NoDuplicateWrites.check      no write applied twice
 * SingleWriter.check           at most one writer active at any instant (from epoch/seqNr records)
 * CounterTotal.check           a total matches the acknowledged operations
 * CheckResult, Violation       the verdict, naming each violating operation; assertValid()
 * </pre>
 *
 * <p>A write is an operation with a non-empty key (its identity in the system's state, e.g. a
 * command id); retries reuse the key. Timestamps are {@link System#nanoTime()}, comparable across
 * JVMs on one Linux machine.
 */
package dev.tandem.testkit.history;
