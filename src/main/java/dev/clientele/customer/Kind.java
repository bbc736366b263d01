package dev.clientele.customer;

import java.util.Locale;

/** Whether a customer is a person (B2C) or a company (B2B). Its JSON form is the lower-case {@link #wire()} name. */
public enum Kind {
    PERSON("person"),
    COMPANY("company");

    private final String wire;

    Kind(String wire) {
        this.wire = wire;
    }

    /** The name used in JSON, CSV and the index. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }

    /** Parses a wire name (case-insensitive); null for null or blank. */
    public static Kind parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Kind v : values()) {
            if (v.wire.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown value '" + text + "'");
    }
}
