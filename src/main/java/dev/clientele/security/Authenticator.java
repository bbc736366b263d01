package dev.clientele.security;

import java.util.Objects;

/**
 * Decides who a request is from the key it presents and where it comes from, and whether that may do an action.
 * Thread-safe.
 *
 * <ul>
 *   <li>{@code enabled = false}: everyone is {@link Principal#UNSECURED} (admin). For trusted single-user setups.</li>
 *   <li>A presented key must be known and active, else 401, wherever the request comes from.</li>
 *   <li>No key: from a loopback address with {@code openReadOnLoopback}, {@link Principal#LOOPBACK_READER};
 *       otherwise 401.</li>
 * </ul>
 */
public final class Authenticator {
    private final KeyStore keys;
    private final boolean enabled;
    private final boolean openReadOnLoopback;

    public Authenticator(KeyStore keys, boolean enabled, boolean openReadOnLoopback) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.enabled = enabled;
        this.openReadOnLoopback = openReadOnLoopback;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean openReadOnLoopback() {
        return openReadOnLoopback;
    }

    public KeyStore keys() {
        return keys;
    }

    /**
     * Who presents {@code key} (null or blank when none was sent).
     *
     * @throws UnauthenticatedException without a usable key
     */
    public Principal authenticate(String key, boolean fromLoopback) {
        if (!enabled) {
            return Principal.UNSECURED;
        }
        if (key == null || key.isBlank()) {
            if (fromLoopback && openReadOnLoopback) {
                return Principal.LOOPBACK_READER;
            }
            throw new UnauthenticatedException("an API key is required (Authorization: Bearer <key> or X-API-Key)");
        }
        return keys.find(key).map(k -> new Principal(k.id(), k.role(), k.scope()))
                .orElseThrow(() -> new UnauthenticatedException("the API key is unknown or revoked"));
    }

    /**
     * @throws ForbiddenException if the principal's role does not include {@code required}
     * @throws UnauthenticatedException instead, for keyless loopback access
     */
    public void authorize(Principal who, Role required) {
        if (!who.may(required)) {
            if (who == Principal.LOOPBACK_READER) {
                // Keyless: asking for a key (401) helps more than "forbidden".
                throw new UnauthenticatedException("an API key with the " + required + " role is required");
            }
            throw new ForbiddenException("this action needs the " + required + " role; the key has " + who.role());
        }
    }
}
