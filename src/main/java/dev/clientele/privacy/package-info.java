/** Personal-data duties: erasure with tombstones. No Lucene types, no Javalin. */
package dev.clientele.privacy;
