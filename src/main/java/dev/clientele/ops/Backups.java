package dev.clientele.ops;

import dev.clientele.index.BackupInfo;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexBackups;
import dev.clientele.index.IndexException;
import dev.clientele.json.Json;
import dev.clientele.security.KeyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Index backups as directories: {@code <root>/<id>/index/} (a complete Lucene index of one commit) plus
 * {@code <root>/<id>/backup.json} ({@link BackupManifest}). Ids are UTC timestamps such as
 * {@code 20261125-234435-123}, so they sort by time. A backup directory is self-contained: copy it anywhere and
 * restore with {@code clientele restore}.
 *
 * <p>Thread-safe: backups are serialised.
 */
public final class Backups {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final Pattern VALID_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9]{3}(-[0-9]+)?");
    static final String MANIFEST = "backup.json";

    private final Path root;
    private final Clock clock;

    public Backups(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Backups(Path root) {
        this(root, Clock.systemUTC());
    }

    public Path root() {
        return root;
    }

    /** Backs the index up into a new directory under the root. */
    public synchronized BackupManifest create(CustomerIndex index) {
        String base = ID.format(clock.instant());
        String id = base;
        for (int n = 2; Files.exists(root.resolve(id)); n++) {
            id = base + "-" + n;
        }
        return backupTo(index, root.resolve(id), id, clock);
    }

    /**
     * Backs the index up into {@code dir} (which must not exist or be empty): the index goes to {@code dir/index},
     * the manifest to {@code dir/backup.json}.
     */
    public static BackupManifest backupTo(CustomerIndex index, Path dir, String id, Clock clock) {
        BackupInfo info = index.backup(dir.resolve("index"));
        BackupManifest m = new BackupManifest(id, dir.toAbsolutePath().toString(), clock.instant(),
                info.generation(), info.files(), info.bytes(), info.customers());
        writeManifest(dir, m);
        return m;
    }

    /** All backups under the root, oldest first. */
    public List<BackupManifest> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<BackupManifest> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.sorted(Comparator.comparing(Path::getFileName)).toList()) {
                if (Files.isRegularFile(d.resolve(MANIFEST))) {
                    out.add(readManifest(d));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list backups in " + root, e);
        }
        return out;
    }

    /** Re-reads and checks every file of a backup. @throws BackupNotFoundException for an unknown id */
    public BackupManifest verify(String id) {
        Path dir = dirOf(id);
        BackupManifest m = readManifest(dir);
        BackupInfo info;
        try {
            info = IndexBackups.verify(dir.resolve("index"));
        } catch (IndexException e) {
            throw new BackupDamagedException("backup " + id + " is damaged: " + e.getMessage(), e);
        }
        if (info.customers() != m.customers() || info.generation() != m.generation()) {
            throw new BackupDamagedException("backup " + id + " holds " + info.customers() + " customers at generation "
                    + info.generation() + "; its manifest says " + m.customers() + " at " + m.generation(), null);
        }
        return m;
    }

    /** Restores the backup in {@code backupDir} into {@code dataDir/index}, which must be empty or absent. */
    public static BackupInfo restore(Path backupDir, Path dataDir) {
        Path source = Files.isDirectory(backupDir.resolve("index")) ? backupDir.resolve("index") : backupDir;
        return IndexBackups.restore(source, dataDir.resolve("index"));
    }

    private Path dirOf(String id) {
        if (id == null || !VALID_ID.matcher(id).matches() || !Files.isRegularFile(root.resolve(id).resolve(MANIFEST))) {
            throw new BackupNotFoundException(id);
        }
        return root.resolve(id);
    }

    private static void writeManifest(Path dir, BackupManifest m) {
        try {
            KeyStore.writeAtomically(dir.resolve(MANIFEST), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(m));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(MANIFEST), e);
        }
    }

    private static BackupManifest readManifest(Path dir) {
        try {
            return Json.MAPPER.readValue(dir.resolve(MANIFEST).toFile(), BackupManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(MANIFEST), e);
        }
    }
}
