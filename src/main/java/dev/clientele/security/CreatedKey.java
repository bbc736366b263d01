package dev.clientele.security;

/** A newly created key: its stored metadata and the plaintext key, which exists only in this object. */
public record CreatedKey(ApiKey key, String plaintext) {
    @Override
    public String toString() {
        return "CreatedKey[" + key.id() + ", " + key.role() + "]";
    }
}
