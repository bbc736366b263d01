package dev.clientele.customer;

import java.math.BigDecimal;

/** An amount in one currency (ISO 4217 code; null when a purchase gave none). */
public record Money(BigDecimal amount, String currency) {
}
