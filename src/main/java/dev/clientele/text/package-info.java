/**
 * Pure text utilities shared by indexing and duplicate matching: folding, transliteration, phone, email and
 * company-name normalisation, and nickname groups. Stateless and thread-safe; does not depend on Lucene or Javalin.
 */
package dev.clientele.text;
