/**
 * The Lucene customer index, the system of record: schema, analyzers, writer, group commit and searchers.
 * Does not depend on Javalin, HTTP DTOs or file formats; Lucene types do not leave this package and
 * {@code search}.
 */
package dev.clientele.index;
