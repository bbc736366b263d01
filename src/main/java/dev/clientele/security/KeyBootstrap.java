package dev.clientele.security;

import java.io.PrintStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a secured server can be administered: when the data directory has no active admin key (its first
 * start, or keys made only for readers and editors with {@code clientele keys create} before it), the configured
 * admin key ({@code security.admin_key} / {@code CLIENTELE_ADMIN_KEY}) is stored (hashed), or a new admin key is
 * generated and printed once to the console, never to the log.
 *
 * <p>Printing a new admin key at such a start gives nothing away: whoever reads the server's console can run
 * {@code clientele keys create --role admin} on its data directory anyway. The last active admin key cannot be
 * revoked ({@link KeyStore#revoke}), so a data directory that had one keeps one.
 */
public final class KeyBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(KeyBootstrap.class);

    private KeyBootstrap() {
    }

    /**
     * Ensures there is an active admin key. Returns the generated admin key if one was made (its plaintext has then
     * been printed to {@code console}).
     */
    public static Optional<CreatedKey> ensureAdmin(KeyStore keys, String configuredAdminKey, PrintStream console) {
        boolean configured = configuredAdminKey != null && !configuredAdminKey.isBlank();
        if (keys.hasActiveAdmin()) {
            if (configured && keys.find(configuredAdminKey).isEmpty()) {
                LOG.warn("security.admin_key / CLIENTELE_ADMIN_KEY is ignored: {} already holds an admin key, and "
                        + "this one is not among the active ones (it is used only while there is no admin key)",
                        keys.file());
            }
            return Optional.empty();
        }
        boolean first = keys.isEmpty();
        if (configured && keys.find(configuredAdminKey).isPresent()) {
            // The configured key is already a reader's or an editor's: storing it again as admin would give that
            // key's holder admin rights behind its owner's back.
            LOG.warn("security.admin_key / CLIENTELE_ADMIN_KEY is ignored: it is a {} key in {}; an admin key is "
                    + "generated instead", keys.find(configuredAdminKey).orElseThrow().role(), keys.file());
            configured = false;
        }
        if (configured) {
            ApiKey k = keys.importKey(configuredAdminKey, Role.ADMIN, "initial admin (from configuration)");
            LOG.info("{}: stored the configured admin key as key {} (hash only) in {}", why(first), k.id(),
                    keys.file());
            return Optional.empty();
        }
        CreatedKey created = keys.create(Role.ADMIN, "initial admin (generated)", null, null);
        console.println();
        console.println(first
                ? "=== Clientele first start: an admin API key was generated. It is shown ONLY NOW. ==="
                : "=== Clientele: " + keys.file().getFileName() + " holds no admin key, so one was generated. It is "
                        + "shown ONLY NOW. ===");
        console.println("    " + created.plaintext());
        console.println("    Use it as:  Authorization: Bearer <key>   (or X-API-Key: <key>)");
        console.println("    Example:    curl -H 'Authorization: Bearer " + created.plaintext()
                + "' http://<host>:<port>/api/admin/keys");
        console.println("    Only its hash is stored (" + keys.file() + "). Create more keys with POST /api/admin/keys");
        console.println("    or 'clientele keys create --role editor --name NAME'. Lost it? Stop the server, then");
        console.println("    'clientele keys create --role admin --name NAME --data <data dir>'.");
        console.println();
        console.flush();
        LOG.info("{}: generated admin key {} and printed it to standard output (not logged)", why(first),
                created.key().id());
        return Optional.of(created);
    }

    private static String why(boolean first) {
        return first ? "first start" : "no admin key";
    }
}
