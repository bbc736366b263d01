package dev.clientele.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored API key: its public id, role, label, scope and state, and the SHA-256 hash of the key. The plaintext
 * key is never stored; it is shown once, when the key is created.
 *
 * @param scope the customers the key is restricted to, in the list-filter form of {@code search.Scope}
 *              ({@code {"rep": ["Anna Kovács"], "country": ["HU"]}}), or null for all
 * @param note  optional free-text label (for example "crm-sync"); informational
 * @param hash  {@code sha256:<hex>} of the whole key text
 */
public record ApiKey(String id, Role role, String name, Instant createdAt, boolean revoked, Instant revokedAt,
                     Map<String, List<String>> scope, @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String hash) {

    public ApiKey {
        scope = scope == null || scope.isEmpty() ? null
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scope));
    }

    /**
     * Reads a stored key. Files written before scopes were enforced hold a free-text {@code scope}; it becomes the
     * {@code note}, and the key stays unrestricted, as it was.
     */
    @JsonCreator
    static ApiKey read(@JsonProperty("id") String id, @JsonProperty("role") Role role,
                       @JsonProperty("name") String name, @JsonProperty("created_at") Instant createdAt,
                       @JsonProperty("revoked") boolean revoked, @JsonProperty("revoked_at") Instant revokedAt,
                       @JsonProperty("scope") JsonNode scope, @JsonProperty("note") String note,
                       @JsonProperty("hash") String hash) {
        Map<String, List<String>> filters = null;
        if (scope != null && scope.isTextual()) {
            String legacy = scope.asText().strip();
            note = note == null && !legacy.isEmpty() ? legacy : note;
        } else if (scope != null && scope.isObject()) {
            filters = scopeFilters(scope);
        } else if (scope != null && !scope.isNull()) {
            throw new IllegalArgumentException("scope of key " + id + " must be an object");
        }
        return new ApiKey(id, role, name, createdAt, revoked, revokedAt, filters, note, hash);
    }

    /**
     * The filters of a scope object: dimension → a value or a list of values. Checks only the shape; what the
     * dimensions and values mean is the search layer's to check.
     *
     * @throws IllegalArgumentException naming the entry when a value is not a string or list of strings
     */
    public static Map<String, List<String>> scopeFilters(JsonNode scope) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var it = scope.fields(); it.hasNext(); ) {
            var e = it.next();
            List<String> values = new ArrayList<>();
            if (e.getValue().isTextual()) {
                values.add(e.getValue().asText());
            } else if (e.getValue().isArray()) {
                for (JsonNode v : e.getValue()) {
                    if (!v.isTextual()) {
                        throw new IllegalArgumentException("scope." + e.getKey() + " must be a string or a list of "
                                + "strings");
                    }
                    values.add(v.asText());
                }
            } else {
                throw new IllegalArgumentException("scope." + e.getKey() + " must be a string or a list of strings");
            }
            out.put(e.getKey(), List.copyOf(values));
        }
        return out;
    }

    ApiKey revoke(Instant when) {
        return new ApiKey(id, role, name, createdAt, true, when, scope, note, hash);
    }

    /** The key without its hash, for listing. */
    public ApiKey withoutHash() {
        return new ApiKey(id, role, name, createdAt, revoked, revokedAt, scope, note, null);
    }

    @JsonIgnore
    public boolean active() {
        return !revoked;
    }

    @JsonIgnore
    public boolean scoped() {
        return scope != null;
    }
}
