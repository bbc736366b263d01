package dev.clientele.customer;

/** How a customer prefers to be contacted. Its JSON form is the lower-case {@link #wire()} name. */
public enum Channel implements WireName {
    EMAIL,
    PHONE,
    SMS,
    POST,
    IN_PERSON;

    @Override
    public String toString() {
        return wire();
    }

    /** Parses a wire name (case-insensitive); null for null or blank. */
    public static Channel parse(String text) {
        return WireName.parse(Channel.class, text);
    }
}
