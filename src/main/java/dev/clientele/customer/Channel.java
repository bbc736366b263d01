package dev.clientele.customer;

import java.util.Locale;

/** How a customer prefers to be contacted. Its JSON form is the lower-case {@link #wire()} name. */
public enum Channel {
    EMAIL("email"),
    PHONE("phone"),
    SMS("sms"),
    POST("post"),
    IN_PERSON("in_person");

    private final String wire;

    Channel(String wire) {
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
    public static Channel parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Channel v : values()) {
            if (v.wire.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown value '" + text + "'");
    }
}
