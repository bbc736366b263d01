package dev.clientele.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.clientele.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Saved lists: named list queries (the query string of filters, plus a sort and the columns chosen), kept in one
 * JSON file in the data directory. Every change rewrites the file atomically (temp file, fsync, atomic rename, fsync
 * of the directory), so a crash leaves the old or the new version, never a torn one. Thread-safe; a few hundred
 * lists at most are expected, so it keeps them all in memory.
 */
public final class SavedListStore {
    /**
     * One saved list.
     *
     * @param query the list parameters as a URL query string ({@code country=DE&tag=vip&spent_within=30d})
     * @param sort  the sort, or null for the default
     * @param columns the export columns chosen for the list (its file and the columns its page shows), or null for
     *                none chosen: lists saved before lists had columns load with null
     * @param createdBy the id of the API key that saved it (null for lists saved before keys were recorded, or
     *                  without a key)
     * @param updatedAt when it was last changed, or null if never
     */
    public record SavedList(String id, String name, String query, String sort, List<String> columns,
                            Instant createdAt, String createdBy, Instant updatedAt) {
        public SavedList {
            columns = columns == null ? null : List.copyOf(columns);
        }
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, SavedList> lists = new LinkedHashMap<>();

    public SavedListStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        if (Files.exists(file)) {
            try {
                List<SavedList> loaded = Json.MAPPER.readValue(file.toFile(), new TypeReference<List<SavedList>>() {
                });
                loaded.forEach(l -> lists.put(l.id(), l));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read saved lists from " + file, e);
            }
        }
    }

    /**
     * Saves a new list.
     *
     * @throws dev.clientele.customer.ConflictException if a list of that name exists (letter case and Unicode
     *     normalisation aside): two lists of one name cannot be told apart where lists are picked by name
     */
    public synchronized SavedList create(String name, String query, String sort, List<String> columns,
                                         String createdBy) {
        requireFreeName(name, null);
        SavedList l = new SavedList(UUID.randomUUID().toString(), name, query, sort, columns, clock.instant(),
                createdBy, null);
        lists.put(l.id(), l);
        try {
            persist();
        } catch (RuntimeException e) {
            lists.remove(l.id());
            throw e;
        }
        return l;
    }

    /**
     * Changes a list's name, query, sort and columns (who saved it and when stay).
     *
     * @throws dev.clientele.customer.ConflictException if another list has that name
     */
    public synchronized Optional<SavedList> update(String id, String name, String query, String sort,
                                                   List<String> columns) {
        SavedList old = lists.get(id);
        if (old == null) {
            return Optional.empty();
        }
        requireFreeName(name, id);
        SavedList l = new SavedList(id, name, query, sort, columns, old.createdAt(), old.createdBy(),
                clock.instant());
        lists.put(id, l);
        try {
            persist();
        } catch (RuntimeException e) {
            lists.put(id, old);
            throw e;
        }
        return Optional.of(l);
    }

    private void requireFreeName(String name, String exceptId) {
        String key = nameKey(name);
        for (SavedList existing : lists.values()) {
            if (!existing.id().equals(exceptId) && nameKey(existing.name()).equals(key)) {
                throw new dev.clientele.customer.ConflictException("a saved list named '" + existing.name()
                        + "' exists already (" + existing.id() + "); delete it first or choose another name");
            }
        }
    }

    private static String nameKey(String name) {
        return java.text.Normalizer.normalize(name.strip(), java.text.Normalizer.Form.NFC)
                .toLowerCase(java.util.Locale.ROOT);
    }

    public synchronized List<SavedList> all() {
        List<SavedList> out = new ArrayList<>(lists.values());
        out.sort(Comparator.comparing(SavedList::name, String.CASE_INSENSITIVE_ORDER).thenComparing(SavedList::id));
        return out;
    }

    public synchronized Optional<SavedList> get(String id) {
        return Optional.ofNullable(lists.get(id));
    }

    /** Deletes a list; false if there was none. */
    public synchronized boolean delete(String id) {
        SavedList removed = lists.remove(id);
        if (removed == null) {
            return false;
        }
        try {
            persist();
        } catch (RuntimeException e) {
            lists.put(id, removed);
            throw e;
        }
        return true;
    }

    private void persist() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(Json.toBytes(new ArrayList<>(lists.values()))));
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some file systems cannot fsync a directory; the rename itself is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write saved lists to " + file, e);
        }
    }
}
