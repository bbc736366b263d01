/**
 * Duplicate detection: field comparators, the Bayesian {@link dev.clientele.dedup.MatchScorer}, its decisions and
 * explanations, and the blocking keys used to find candidates. Works on {@link dev.clientele.customer.Customer}
 * values only; does not depend on Lucene or Javalin.
 */
package dev.clientele.dedup;
