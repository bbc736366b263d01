package dev.clientele.ops;

import dev.clientele.json.Json;
import dev.clientele.security.KeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a backup directory whose disk is not mounted from the one earlier backups went to. The first backup into a
 * directory leaves a marker file in it ({@value #MARKER}) and records in the data directory ({@value #RECORD}) that
 * it did. A later backup into that directory needs the marker: with the disk not mounted, the directory is the empty
 * mount point on the disk beneath (or is missing), the marker is not there, and the backup is refused rather than
 * filling that disk with copies that vanish from sight once the disk is mounted again.
 *
 * <p>Only the marker's presence counts, not what it holds: disks rotated under one mount point each carry their own,
 * and a new, empty backup disk is accepted once a marker is put on it by hand. The device the directory is on is not
 * compared: device numbers of LVM, device-mapper and network file systems can change across reboots, which would
 * refuse backups onto a healthy disk; the marker lives on the disk itself and goes wherever the disk goes.
 */
final class BackupDirMark {
    static final String MARKER = ".clientele-backup-dir";
    static final String RECORD = "backup-dir.json";
    private static final Logger LOG = LoggerFactory.getLogger(BackupDirMark.class);

    /** That backups went into {@code dir} (absolute), marked since {@code markedAt}. */
    record Record(String dir, Instant markedAt) {
    }

    private final Path recordFile;
    private final Clock clock;

    /** @param dataDir the data directory, which keeps the record */
    BackupDirMark(Path dataDir, Clock clock) {
        this.recordFile = dataDir.resolve(RECORD);
        this.clock = clock;
    }

    /**
     * Before a backup into {@code root}: refuses a directory backups went to that has lost its marker; marks one
     * backups have not gone to yet (or since {@code backup.dir} changed) and records that.
     *
     * @throws BackupDirUnavailableException when the marker is missing from a recorded directory
     */
    void prepare(Path root) {
        Path dir = root.toAbsolutePath().normalize();
        Path marker = dir.resolve(MARKER);
        Record recorded = read();
        if (recorded != null && Path.of(recorded.dir()).equals(dir)) {
            if (Files.isRegularFile(marker)) {
                return;
            }
            String message = "backup.dir " + dir + " has lost the file " + MARKER + " that the first backup into it "
                    + "left there (" + recorded.markedAt() + "): is its disk mounted? A backup now would fill the "
                    + "disk beneath the mount point. Mount it; if the directory was emptied or replaced on purpose "
                    + "(a new backup disk), create an empty file " + marker + " or delete " + recordFile;
            LOG.error("backup refused: {}", message);
            throw new BackupDirUnavailableException(message);
        }
        try {
            Files.createDirectories(dir);
            if (!Files.exists(marker)) {
                Files.writeString(marker, "Clientele backups (backup.dir): this file tells the server that this is the "
                        + "directory its backups went to, on its disk. Keep it here.\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            }
            // The marker first: a crash in between leaves a marked directory not recorded, marked again next time.
            KeyStore.writeAtomically(recordFile, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                    new Record(dir.toString(), clock.instant())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark the backup directory " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("backups go to {}; marked it with {}", dir, MARKER);
    }

    private Record read() {
        if (!Files.isRegularFile(recordFile)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(recordFile.toFile(), Record.class);
        } catch (IOException e) {
            LOG.warn("cannot read {} ({}); the backup directory is marked again", recordFile, e.getMessage());
            return null;
        }
    }
}
