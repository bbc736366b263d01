package dev.clientele.security;

/**
 * Who a request is: the key id (or a fixed name for keyless access) and its role. Carries no personal data, so
 * it may be logged and audited.
 */
public record Principal(String id, Role role) {
    /** Keyless read access from this machine ({@code security.open_read_on_loopback}). */
    public static final Principal LOOPBACK_READER = new Principal("anonymous-loopback", Role.READER);
    /** Everyone, when {@code security.enabled} is false. */
    public static final Principal UNSECURED = new Principal("anonymous-unsecured", Role.ADMIN);

    public boolean may(Role required) {
        return role.includes(required);
    }
}
