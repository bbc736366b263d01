package dev.clientele.customer;

/** Gender, when the customer told it (optional). Its JSON form is the lower-case {@link #wire()} name. */
public enum Gender implements WireName {
    FEMALE,
    MALE,
    DIVERSE;

    @Override
    public String toString() {
        return wire();
    }

    /** Parses a wire name (case-insensitive); null for null or blank. */
    public static Gender parse(String text) {
        return WireName.parse(Gender.class, text);
    }
}
