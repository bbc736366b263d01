package dev.clientele.customer;

import java.time.LocalDate;

/** Whether the customer opted out of marketing, and since when. */
public record OptOut(Boolean value, LocalDate date) {
}
