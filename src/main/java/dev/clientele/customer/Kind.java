package dev.clientele.customer;

/** Whether a customer is a person (B2C) or a company (B2B). Its JSON form is the lower-case {@link #wire()} name. */
public enum Kind implements WireName {
    PERSON,
    COMPANY;

    @Override
    public String toString() {
        return wire();
    }

    /** Parses a wire name (case-insensitive); null for null or blank. */
    public static Kind parse(String text) {
        return WireName.parse(Kind.class, text);
    }
}
