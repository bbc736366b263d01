package dev.clientele.security;

import java.io.PrintStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a secured server can be administered on its first start: when the data directory has no keys yet,
 * the configured admin key ({@code security.admin_key} / {@code CLIENTELE_ADMIN_KEY}) is stored (hashed), or a
 * new admin key is generated and printed once to the console, never to the log.
 */
public final class KeyBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(KeyBootstrap.class);

    private KeyBootstrap() {
    }

    /**
     * Ensures there is at least one key. Returns the generated admin key if one was made (its plaintext has then
     * been printed to {@code console}).
     */
    public static Optional<CreatedKey> ensureAdmin(KeyStore keys, String configuredAdminKey, PrintStream console) {
        boolean configured = configuredAdminKey != null && !configuredAdminKey.isBlank();
        if (!keys.isEmpty()) {
            if (configured && keys.find(configuredAdminKey).isEmpty()) {
                LOG.warn("security.admin_key / CLIENTELE_ADMIN_KEY is ignored: {} already holds keys, and this one "
                        + "is not among the active ones (it is used on the first start only)", keys.file());
            }
            return Optional.empty();
        }
        if (configured) {
            ApiKey k = keys.importKey(configuredAdminKey, Role.ADMIN, "initial admin (from configuration)");
            LOG.info("first start: stored the configured admin key as key {} (hash only) in {}", k.id(), keys.file());
            return Optional.empty();
        }
        CreatedKey created = keys.create(Role.ADMIN, "initial admin (generated)", null, null);
        console.println();
        console.println("=== Clientele first start: an admin API key was generated. It is shown ONLY NOW. ===");
        console.println("    " + created.plaintext());
        console.println("    Use it as:  Authorization: Bearer <key>   (or X-API-Key: <key>)");
        console.println("    Example:    curl -H 'Authorization: Bearer " + created.plaintext()
                + "' http://<host>:<port>/api/admin/keys");
        console.println("    Only its hash is stored (" + keys.file() + "). Create more keys with POST /api/admin/keys");
        console.println("    or 'clientele keys create --role editor --name NAME'. Lost it? Stop the server, then");
        console.println("    'clientele keys create --role admin --name NAME --data <data dir>'.");
        console.println();
        console.flush();
        LOG.info("first start: generated admin key {} and printed it to standard output (not logged)",
                created.key().id());
        return Optional.of(created);
    }
}
