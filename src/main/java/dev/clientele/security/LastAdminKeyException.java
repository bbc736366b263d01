package dev.clientele.security;

/** Revoking this key would leave no active admin key, locking everyone out of administration (HTTP 409). */
public class LastAdminKeyException extends RuntimeException {
    public LastAdminKeyException(String id) {
        super("key " + id + " is the last active admin key; create another admin key first");
    }
}
