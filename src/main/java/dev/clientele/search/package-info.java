/**
 * Reading the customer index: search-box queries, faceted lists and duplicate candidates. Lucene types stay
 * inside this package and {@code index}; its public methods take and return domain values. No Javalin.
 */
package dev.clientele.search;
