package dev.clientele.customer;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One purchase: when, what and how much. {@code currency} is an ISO 4217 code; amounts of all purchases are
 * summed into the lifetime spend as they are (Clientele does not convert currencies).
 */
public record Purchase(LocalDate date, String product, BigDecimal amount, String currency) {
}
