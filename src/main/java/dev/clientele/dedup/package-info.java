/**
 * Duplicate detection: field comparators, the Bayesian {@link dev.clientele.dedup.MatchScorer}, its decisions and
 * explanations, and the blocking keys used to find candidates. Works on {@link dev.clientele.customer.Customer}
 * values only; does not depend on Lucene or Javalin.
 *
 * <p><b>Raise {@link dev.clientele.dedup.ScoringRules#VERSION} by hand in every change that changes what matching
 * scores</b>: a comparator, a cap, the weights' defaults, or a table the comparators read (street types, nicknames,
 * city names, company suffixes). The review journal records the version (with the dedup settings) its pending pairs
 * were scored under, and the first start after such a change scores every pending pair again; without the bump,
 * pairs keep the score and decision of the old rules until someone edits them. A change that scores every pair as
 * before (a refactoring, a faster path) leaves it as it is.
 */
package dev.clientele.dedup;
