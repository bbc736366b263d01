/**
 * Search-box lookup, as-you-type suggestions and advanced field queries over the customer index. Public methods
 * take and return domain records ({@link dev.clientele.search.SearchRequest},
 * {@link dev.clientele.search.SearchResult}); Lucene types stay inside this package and {@code index}. Does not
 * depend on Javalin or HTTP DTOs.
 */
package dev.clientele.search;
