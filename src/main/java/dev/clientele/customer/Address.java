package dev.clientele.customer;

/** A postal address, split the way CRMs keep it. {@code country} is an ISO 3166-1 alpha-2 code. */
public record Address(String street, String city, String region, String postalCode, String country) {

    public static final Address EMPTY = new Address(null, null, null, null, null);

    public boolean isEmpty() {
        return street == null && city == null && region == null && postalCode == null && country == null;
    }
}
