package dev.clientele.security;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One stored API key: its public id, role, label and state, and the SHA-256 hash of the key. The plaintext key is
 * never stored; it is shown once, when the key is created.
 *
 * @param scope optional free-text scope note (for example "crm-sync"); informational, not enforced
 * @param hash  {@code sha256:<hex>} of the whole key text
 */
public record ApiKey(String id, Role role, String name, Instant createdAt, boolean revoked, Instant revokedAt,
                     String scope, @JsonInclude(JsonInclude.Include.NON_NULL) String hash) {

    ApiKey revoke(Instant when) {
        return new ApiKey(id, role, name, createdAt, true, when, scope, hash);
    }

    /** The key without its hash, for listing. */
    public ApiKey withoutHash() {
        return new ApiKey(id, role, name, createdAt, revoked, revokedAt, scope, null);
    }

    @JsonIgnore
    public boolean active() {
        return !revoked;
    }
}
