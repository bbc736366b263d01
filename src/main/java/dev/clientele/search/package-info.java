/**
 * Reading the customer index: search-box lookup, as-you-type suggestions, advanced field queries, faceted lists
 * and duplicate candidates. Public methods take and return domain records; Lucene types stay inside this package
 * and {@code index}. Does not depend on Javalin or HTTP DTOs.
 */
package dev.clientele.search;
