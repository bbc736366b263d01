/**
 * Personal-data duties: erasure with tombstones, and finding a person's other records for a data-subject request.
 * No Lucene types, no Javalin.
 */
package dev.clientele.privacy;
