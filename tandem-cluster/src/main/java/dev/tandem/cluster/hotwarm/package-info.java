/** Hot-warm singletons. */
package dev.tandem.cluster.hotwarm;
