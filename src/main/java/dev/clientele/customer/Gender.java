package dev.clientele.customer;

import java.util.Locale;

/** Gender, when the customer told it (optional). Its JSON form is the lower-case {@link #wire()} name. */
public enum Gender {
    FEMALE("female"),
    MALE("male"),
    DIVERSE("diverse");

    private final String wire;

    Gender(String wire) {
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
    public static Gender parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Gender v : values()) {
            if (v.wire.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown value '" + text + "'");
    }
}
