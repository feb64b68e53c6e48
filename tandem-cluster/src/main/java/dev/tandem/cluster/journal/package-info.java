/**
 * The journal hot-warm singletons write to: pekko-persistence-jdbc on an H2 TCP server in its own
 * process ({@link dev.tandem.cluster.journal.JournalServer}, the default) or PostgreSQL, with the
 * schema created idempotently ({@link dev.tandem.cluster.journal.JournalSchema}) and the plugins
 * started at boot ({@link dev.tandem.cluster.journal.JournalBoot}). Settings: {@link
 * dev.tandem.cluster.journal.JournalSettings} ({@code tandem.journal}).
 */
package dev.tandem.cluster.journal;
