/**
 * The flagship sample: a ledger run as a hot-warm singleton across JVMs, transfers scored first by
 * a cluster pool with scorers on every node, and a load client whose history the test kit's
 * checkers judge.
 *
 * <ul>
 *   <li>{@link dev.tandem.samples.ledger.Ledger}: the singleton (accounts, transfers; the sum of the
 *       balances never changes);
 *   <li>{@link dev.tandem.samples.ledger.LedgerNode}: a node's {@code main};
 *   <li>{@link dev.tandem.samples.ledger.LoadClient}: the load client's {@code main}.
 * </ul>
 *
 * Run it with {@code bin/tandem demo}; see docs/getting-started.md and decisions 050 and 051.
 */
package dev.tandem.samples.ledger;
