package dev.clientele.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Import files a dry run has checked, kept in the spool directory so that the import itself (or a check with another
 * mapping) names the upload instead of sending the file again. An upload is kept for {@link #KEEP} after its last
 * use, only for the key that sent it, and within {@code maxBytes} in all (the oldest go first); the files of
 * forgotten uploads are deleted. The spool directory is emptied when the server starts: nothing in it outlives a
 * restart.
 */
final class KeptUploads {
    private static final Logger LOG = LoggerFactory.getLogger(KeptUploads.class);
    static final Duration KEEP = Duration.ofHours(1);

    /** A kept upload: its file and what the format is told from. */
    record Kept(String id, Path file, String fileName, String contentType, String owner) {
    }

    private final Path dir;
    private final Cache<String, Kept> kept;

    KeptUploads(Path dir, long maxBytes) {
        this.dir = dir;
        this.kept = Caffeine.newBuilder().expireAfterAccess(KEEP).maximumWeight(maxBytes)
                .<String, Kept>weigher((id, k) -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, size(k.file()))))
                .executor(Runnable::run)
                // Expired uploads are removed when they expire, not only at the next use of the cache: their files
                // can be large.
                .scheduler(com.github.benmanes.caffeine.cache.Scheduler.systemScheduler())
                .removalListener((String id, Kept k, RemovalCause cause) -> {
                    if (k != null && cause != RemovalCause.REPLACED) {
                        delete(k.file());
                    }
                })
                .build();
    }

    /** Empties the spool directory (files of imports and uploads from before a restart); creates it if missing. */
    static void clean(Path dir) {
        try {
            Files.createDirectories(dir);
            try (var files = Files.list(dir)) {
                files.filter(Files::isRegularFile).forEach(KeptUploads::delete);
            }
        } catch (IOException e) {
            LOG.warn("cannot clean the spool directory {}: {}", dir, e.toString());
        }
    }

    /** Keeps a spooled file (moved under a name of its own) and returns its id. */
    String keep(Path spooled, String fileName, String contentType, String owner) throws IOException {
        String id = UUID.randomUUID().toString();
        Path file = dir.resolve("upload-" + id + ".tmp");
        Files.move(spooled, file, StandardCopyOption.ATOMIC_MOVE);
        kept.put(id, new Kept(id, file, fileName, contentType, owner));
        kept.cleanUp();
        return id;
    }

    /** The upload with this id, if it is still kept and was sent by this key. */
    Optional<Kept> get(String id, String owner) {
        Kept k = kept.getIfPresent(id);
        return k != null && k.owner().equals(owner) && Files.exists(k.file()) ? Optional.of(k) : Optional.empty();
    }

    /**
     * Takes an upload out of keeping for an import: its file is moved to {@code target}, which the import then owns
     * (and deletes). Empty if it is no longer kept.
     */
    synchronized Optional<Path> take(Kept k, Path target) throws IOException {
        if (kept.getIfPresent(k.id()) != k) {
            return Optional.empty();
        }
        try {
            Files.move(k.file(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            kept.invalidate(k.id());
            return Optional.empty();
        }
        kept.invalidate(k.id()); // its listener deletes a file that is no longer there
        return Optional.of(target);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 1;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete the spooled file {}: {}", file.getFileName(), e.toString());
        }
    }
}
