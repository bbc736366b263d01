package dev.clientele.security;

import java.util.List;
import java.util.Map;

/**
 * Who a request is: the key id (or a fixed name for keyless access), its role and its scope (the wire form of
 * {@code search.Scope}; empty for none). Carries no personal data, so it may be logged and audited.
 */
public record Principal(String id, Role role, Map<String, List<String>> scope) {
    /** Keyless read access from this machine ({@code security.open_read_on_loopback}). */
    public static final Principal LOOPBACK_READER = new Principal("anonymous-loopback", Role.READER);
    /** Everyone, when {@code security.enabled} is false. */
    public static final Principal UNSECURED = new Principal("anonymous-unsecured", Role.ADMIN);

    public Principal {
        scope = scope == null ? Map.of() : Map.copyOf(scope);
    }

    /** A principal without a scope. */
    public Principal(String id, Role role) {
        this(id, role, Map.of());
    }

    public boolean may(Role required) {
        return role.includes(required);
    }
}
