package dev.clientele.customer;

import java.time.LocalDate;

/** Whether the customer consented to being contacted (GDPR), and when that was recorded. */
public record Consent(Boolean given, LocalDate date) {
}
