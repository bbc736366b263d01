/** Durable append-only JSON-lines journals for small stores beside the index. No Lucene, no Javalin. */
package dev.clientele.journal;
