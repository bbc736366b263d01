/**
 * File formats in and out: CSV (with column auto-mapping for English, German, Hungarian and Russian headers and
 * Google/Outlook exports), NDJSON and vCard, read into validated customers with per-row errors, and written back
 * one customer at a time.
 *
 * <p>Pure and streaming: this package does not depend on Lucene or Javalin; the http layer passes
 * {@link java.io.InputStream}s and {@link java.io.OutputStream}s. Per-row problems are data ({@link
 * dev.clientele.ingest.RowError}); only file-level failures throw {@link dev.clientele.ingest.ImportException}.
 */
package dev.clientele.ingest;
