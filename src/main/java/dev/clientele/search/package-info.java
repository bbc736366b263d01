/**
 * Listing customers: filters, multi-select facets with spend aggregates, purchase-window filters, sorting,
 * cursor paging and export walks over the index. Lucene types stay inside this package and {@code index}; the
 * public API speaks {@link dev.clientele.search.ListQuery} and {@link dev.clientele.search.ListResult}.
 * Does not depend on Javalin or HTTP DTOs.
 */
package dev.clientele.search;
