/**
 * Operations: the audit log, Prometheus metrics and index backups, and {@link dev.clientele.ops.Operations}, which
 * bundles them with the API-key {@code security} services for the HTTP layer. Depends on {@code index},
 * {@code security} and {@code store} (the undo journals a backup copies); does not depend on Javalin, and no Lucene
 * types appear here.
 */
package dev.clientele.ops;
