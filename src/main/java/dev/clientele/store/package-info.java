/**
 * The customer store: validated, versioned, durable writes and real-time reads. Builds on {@code index};
 * no Lucene types in its API, no Javalin.
 */
package dev.clientele.store;
