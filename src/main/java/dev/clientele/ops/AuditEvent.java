package dev.clientele.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of the audit log. By design it holds ids and route templates only, never names, emails, phones, query
 * texts or request bodies.
 *
 * @param at         when the request finished
 * @param actor      the API key id, or {@code anonymous-loopback} / {@code anonymous-unsecured} / {@code unknown}
 * @param role       the actor's role, null when unauthenticated
 * @param action     method and route template, e.g. {@code PUT /api/customers/{id}}
 * @param status     the HTTP status sent
 * @param customerId the customer concerned, when there is exactly one
 * @param target     another object concerned (an API key id, a backup id), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(Instant at, String actor, String role, String action, int status, String customerId,
                         String target) {
}
