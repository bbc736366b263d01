/**
 * The customer domain: the {@link dev.clientele.customer.Customer} record, its parts, normalisation and
 * validation, and the domain's exceptions. Pure Java: does not depend on Lucene, Javalin or Jackson.
 */
package dev.clientele.customer;
