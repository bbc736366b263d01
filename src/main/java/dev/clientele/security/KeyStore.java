package dev.clientele.security;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.clientele.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The API keys of one data directory, kept in {@code <data>/keys.json}. Only SHA-256 hashes of the keys are
 * stored; a key is 256 random bits, so an unsalted hash is safe and lets a presented key be looked up by its hash.
 *
 * <p>Keys look like {@code ck_<id>_<secret>}: the id is public (listed, audited, used to revoke), the secret is
 * not. Every change rewrites the file atomically (temp file, fsync, atomic rename), so a crash leaves the old or
 * the new file, never half of one.
 *
 * <p>Thread-safe: all methods synchronise on the store. Changes made by another process (the CLI while a server
 * runs) are seen at the next lookup: {@link #find} re-reads the file when its modification time or size changed.
 * Two processes changing keys at the very same moment can lose one change (last rename wins).
 */
public final class KeyStore {
    /** Shortest key accepted from configuration ({@code security.admin_key} / {@code CLIENTELE_ADMIN_KEY}). */
    public static final int MIN_CONFIGURED_KEY_LENGTH = 20;
    private static final String PREFIX = "ck_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<Map<String, List<ApiKey>>> FILE_TYPE = new TypeReference<>() {
    };

    private final Path file;
    private final Clock clock;
    /** By id, in creation order. */
    private final Map<String, ApiKey> keys = new LinkedHashMap<>();
    private String loadedSignature = "";

    private KeyStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Opens the store of a data directory ({@code <dataDir>/keys.json}; a missing file means no keys). */
    public static KeyStore open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    static KeyStore open(Path dataDir, Clock clock) {
        KeyStore s = new KeyStore(dataDir.resolve("keys.json"), clock);
        s.reload();
        return s;
    }

    public Path file() {
        return file;
    }

    /** Re-reads the file if it changed on disk. */
    public synchronized void reload() {
        try {
            if (!Files.exists(file)) {
                keys.clear();
                loadedSignature = "";
                return;
            }
            String signature = signature();
            if (signature.equals(loadedSignature)) {
                return;
            }
            Map<String, List<ApiKey>> doc = Json.MAPPER.readValue(file.toFile(), FILE_TYPE);
            keys.clear();
            for (ApiKey k : doc.getOrDefault("keys", List.of())) {
                keys.put(k.id(), k);
            }
            loadedSignature = signature;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API keys from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Modification time (full file-system precision), size and inode: changes with every rename. */
    private String signature() throws IOException {
        var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        return a.lastModifiedTime() + ":" + a.size() + ":" + a.fileKey();
    }

    /** All keys, active and revoked, in creation order, without their hashes. */
    public synchronized List<ApiKey> list() {
        return keys.values().stream().map(ApiKey::withoutHash).toList();
    }

    public synchronized boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Whether an active admin key exists: without one, nobody can manage keys or backups over HTTP. */
    public synchronized boolean hasActiveAdmin() {
        reload();
        return keys.values().stream().anyMatch(k -> k.active() && k.role() == Role.ADMIN);
    }

    /**
     * Creates a key and returns it with its plaintext, which is not kept anywhere.
     *
     * @param scope the customers the key is restricted to (checked by the caller, see {@code search.Scope}), or
     *              null or empty for all
     * @param note  a free-text label, or null
     * @throws IllegalArgumentException for an admin key with a scope (admin keys manage the whole server)
     */
    public synchronized CreatedKey create(Role role, String name, Map<String, List<String>> scope, String note) {
        Objects.requireNonNull(role, "role");
        if (role == Role.ADMIN && scope != null && !scope.isEmpty()) {
            throw new IllegalArgumentException("admin keys cannot have a scope; use an editor or reader key");
        }
        String id = newId();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String plaintext = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new CreatedKey(add(id, role, name, scope, note, plaintext), plaintext);
    }

    /**
     * Stores a key given from outside (the first admin key from configuration). Keys of the form
     * {@code ck_<id>_<secret>} keep their id; others get a fresh one.
     */
    public synchronized ApiKey importKey(String plaintext, Role role, String name) {
        if (plaintext == null || plaintext.strip().length() < MIN_CONFIGURED_KEY_LENGTH) {
            throw new IllegalArgumentException("an API key must have at least " + MIN_CONFIGURED_KEY_LENGTH
                    + " characters");
        }
        String key = plaintext.strip();
        String id = idOf(key).filter(i -> !keys.containsKey(i)).orElseGet(KeyStore::newId);
        return add(id, role, name, null, null, key);
    }

    private ApiKey add(String id, Role role, String name, Map<String, List<String>> scope, String note,
                       String plaintext) {
        reload();
        ApiKey k = new ApiKey(id, role, name == null || name.isBlank() ? id : name.strip(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS), false, null,
                scope, note == null || note.isBlank() ? null : note.strip(), hash(plaintext));
        Map<String, ApiKey> next = new LinkedHashMap<>(keys);
        next.put(id, k);
        save(next);
        keys.clear();
        keys.putAll(next);
        return k.withoutHash();
    }

    /**
     * Revokes a key; revoking twice is a no-op.
     *
     * @throws KeyNotFoundException if no key has this id
     * @throws LastAdminKeyException if it is the last active admin key
     */
    public synchronized ApiKey revoke(String id) {
        reload();
        ApiKey k = keys.get(id);
        if (k == null) {
            throw new KeyNotFoundException(id);
        }
        if (k.revoked()) {
            return k.withoutHash();
        }
        if (k.role() == Role.ADMIN
                && keys.values().stream().noneMatch(o -> o.active() && o.role() == Role.ADMIN && !o.id().equals(id))) {
            throw new LastAdminKeyException(id);
        }
        Map<String, ApiKey> next = new LinkedHashMap<>(keys);
        next.put(id, k.revoke(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        save(next);
        keys.clear();
        keys.putAll(next);
        return next.get(id).withoutHash();
    }

    /** The active key whose hash matches, or empty (unknown or revoked). */
    public synchronized Optional<ApiKey> find(String plaintext) {
        if (plaintext == null || plaintext.isBlank()) {
            return Optional.empty();
        }
        reload(); // one stat call: sees keys created or revoked by the CLI meanwhile
        return lookup(plaintext.strip()).filter(ApiKey::active);
    }

    private Optional<ApiKey> lookup(String plaintext) {
        byte[] presented = hash(plaintext).getBytes(StandardCharsets.US_ASCII);
        for (ApiKey k : keys.values()) {
            if (MessageDigest.isEqual(presented, k.hash().getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    static Optional<String> idOf(String key) {
        if (key.startsWith(PREFIX)) {
            int end = key.indexOf('_', PREFIX.length());
            if (end > PREFIX.length() && end < key.length() - 1) {
                String id = key.substring(PREFIX.length(), end);
                if (id.chars().allMatch(ch -> ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9')) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    static String hash(String plaintext) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(plaintext.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void save(Map<String, ApiKey> next) {
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(Map.of("keys", new ArrayList<>(next.values())));
            writeAtomically(file, bytes);
            loadedSignature = signature();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write API keys to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a file so that readers and crashes see the old or the new content: temp file, fsync, rename. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            restrict(tmp);
            out.write(bytes);
            out.flush();
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // make the rename durable (not possible on every platform)
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }

    private static void restrict(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }
}
