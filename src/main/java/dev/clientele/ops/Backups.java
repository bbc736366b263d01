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
 * Backups of a data directory as directories: {@code <root>/<id>/index/} (a complete Lucene index of one commit),
 * {@code history/} (the history index, consistent with it), the data files ({@code keys.json},
 * {@code saved-lists.json}, {@code tombstones.ndjson}, {@code dedup/review.ndjson}, {@code audit.log}, and the
 * list edits' undo journals {@code edits/*.txt}, each copied between two writes of its owner) and
 * {@code backup.json} ({@link BackupManifest}, with the size and SHA-256 of every data file). Ids are UTC timestamps such as {@code 20261125-234435-123}, so they sort by time.
 * A backup directory is self-contained: copy it anywhere and restore with {@code clientele restore}. A server's
 * backups ({@link #checked}) refuse a root whose disk is not mounted ({@link BackupDirMark}).
 *
 * <p>Restoring replaces the index (which must be empty or absent), the history and the data files, with two
 * exceptions that keep later records: tombstones are merged (so erasures recorded after the backup are re-applied
 * when the server starts) and an existing audit log is kept (it is append-only and newer). The undo journals are
 * replaced as a whole: a journal of an edit made after the backup names versions the restored customers never had,
 * and could undo another change that later takes such a version number.
 *
 * <p>Not backed up: {@code spool/} (uploads being imported or kept for an hour after a dry run; not kept across a
 * restart either) and the backups themselves. The config file lives outside the data directory: keep a copy of it
 * (its currency rates and security settings) with the backups.
 *
 * <p>Thread-safe: backups are serialised.
 */
public final class Backups {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final Pattern VALID_ID = Pattern.compile("[0-9]{8}-[0-9]{6}-[0-9]{3}(-[0-9]+)?");
    static final String MANIFEST = "backup.json";
    public static final String KEYS = "keys.json";
    public static final String SAVED_LISTS = "saved-lists.json";
    public static final String TOMBSTONES = "tombstones.ndjson";
    public static final String REVIEW = "dedup/review.ndjson";
    public static final String AUDIT = "audit.log";
    /** The directory of the list edits' undo journals (a backup holds each file of it as a data file). */
    public static final String EDITS = dev.clientele.store.EditJournal.DIR;
    /** The data files a backup holds besides the indexes, relative to the data directory. */
    public static final List<String> DATA_FILES = List.of(KEYS, SAVED_LISTS, TOMBSTONES, REVIEW, AUDIT);

    /**
     * A data file to back up: its name relative to the data directory and how to copy it consistently (for a file
     * a running server appends to, under the lock its writes hold). A part may also be a directory of files: its
     * copier then makes {@code target} a directory, and each file in it is a data file of the backup.
     */
    public record Part(String name, Copier copier) {
        /**
         * Copies the current content to {@code target} (a file, or a directory of files); false when there is none
         * (the file does not exist).
         */
        @FunctionalInterface
        public interface Copier {
            boolean copyTo(Path target) throws IOException;
        }

        /** A file copied as it is (no process writes it during the backup, or it is only replaced by renames). */
        public static Part file(String name, Path source) {
            return new Part(name, target -> copyIfExists(source, target));
        }

        /** A file copied while holding the monitor its writer appends under. */
        public static Part locked(String name, Object lock, Path source) {
            return new Part(name, target -> {
                synchronized (lock) {
                    return copyIfExists(source, target);
                }
            });
        }

        /** The undo journals of the list edits in {@code dataDir}, copied between two appends. */
        public static Part editJournals(Path dataDir) {
            return new Part(EDITS, target -> dev.clientele.store.EditJournal.copyAll(dataDir.resolve(EDITS), target));
        }

        /** The data files of a data directory no server is using. */
        public static List<Part> offline(Path dataDir) {
            List<Part> parts = new ArrayList<>(DATA_FILES.stream().map(n -> file(n, dataDir.resolve(n))).toList());
            parts.add(editJournals(dataDir));
            return List.copyOf(parts);
        }
    }

    private static boolean copyIfExists(Path source, Path target) throws IOException {
        if (!Files.isRegularFile(source)) {
            return false;
        }
        Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private final Path root;
    private final Clock clock;
    /** Refuses a backup directory whose disk is not mounted; null when nothing is checked. */
    private final BackupDirMark mark;

    public Backups(Path root, Clock clock) {
        this(root, clock, null);
    }

    private Backups(Path root, Clock clock, BackupDirMark mark) {
        this.root = root;
        this.clock = clock;
        this.mark = mark;
    }

    /**
     * Backups of a server into {@code root} ({@code backup.dir}) that refuse a directory whose disk is not mounted:
     * the first backup marks the directory and records so in {@code dataDir} (see {@link BackupDirMark}).
     */
    public static Backups checked(Path root, Path dataDir, Clock clock) {
        return new Backups(root, clock, new BackupDirMark(dataDir, clock));
    }

    public Backups(Path root) {
        this(root, Clock.systemUTC());
    }

    public Path root() {
        return root;
    }

    /**
     * Backs the index, its history and the data files up into a new directory under the root.
     *
     * @throws BackupDirUnavailableException when earlier backups went to the root and its marker is gone (its disk
     *     is most likely not mounted); nothing is written then
     */
    public synchronized BackupManifest create(CustomerIndex index, List<Part> parts) {
        if (mark != null) {
            mark.prepare(root);
        }
        String base = ID.format(clock.instant());
        String id = base;
        for (int n = 2; Files.exists(root.resolve(id)); n++) {
            id = base + "-" + n;
        }
        return backupTo(index, root.resolve(id), id, clock, parts);
    }

    /**
     * Backs up into {@code dir} (which must not exist or be empty): the index goes to {@code dir/index}, its
     * history to {@code dir/history}, the parts under their names, the manifest to {@code dir/backup.json}. Every
     * copy is fsynced and verified (the indexes by checksums, the files by re-reading them for the manifest).
     */
    public static BackupManifest backupTo(CustomerIndex index, Path dir, String id, Clock clock, List<Part> parts) {
        CustomerIndex.Backup b = index.backup(dir.resolve("index"), dir.resolve("history"));
        List<BackupManifest.DataFile> data = new ArrayList<>();
        try {
            for (Part p : parts) {
                Path target = dir.resolve(p.name());
                Files.createDirectories(target.getParent());
                if (!p.copier().copyTo(target)) {
                    continue;
                }
                List<Path> copied;
                if (Files.isDirectory(target)) {
                    try (Stream<Path> files = Files.list(target)) {
                        copied = files.filter(Files::isRegularFile).sorted().toList();
                    }
                } else {
                    copied = List.of(target);
                }
                for (Path f : copied) {
                    fsync(f);
                    // Always with '/', as the manifest is read on any platform.
                    String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                    data.add(new BackupManifest.DataFile(name, Files.size(f), sha256(f)));
                }
                fsync(target.getParent());
                if (!copied.contains(target)) {
                    fsync(target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot back up data files into " + dir + ": " + e.getMessage(), e);
        }
        BackupInfo info = b.index();
        // In milliseconds, as the manifest file holds it, so the answer and a later listing agree.
        BackupManifest m = new BackupManifest(id, dir.toAbsolutePath().toString(),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                info.generation(), info.files(), info.bytes(), info.customers(),
                b.history() == null ? null : b.history().generation(),
                b.history() == null ? null : b.history().customers(), List.copyOf(data));
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

    /**
     * Deletes a backup: its manifest first, so a backup half deleted (a crash midway) is no longer listed as one.
     *
     * @throws BackupNotFoundException for an unknown id
     */
    public synchronized void delete(String id) {
        Path dir = dirOf(id);
        try {
            Files.delete(dir.resolve(MANIFEST));
            fsync(dir);
            deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete backup " + id + ": " + e.getMessage(), e);
        }
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
        verifyRest(dir, m);
        return m;
    }

    /** Checks the history copy and the data files of a backup against its manifest. */
    private static void verifyRest(Path dir, BackupManifest m) {
        if (m.historyGeneration() != null) {
            BackupInfo h;
            try {
                h = IndexBackups.verify(dir.resolve("history"));
            } catch (IndexException e) {
                throw new BackupDamagedException("backup " + m.id() + " has a damaged history: " + e.getMessage(), e);
            }
            if (h.generation() != m.historyGeneration() || h.customers() != m.historyVersions()) {
                throw new BackupDamagedException("backup " + m.id() + " holds " + h.customers() + " previous versions "
                        + "at generation " + h.generation() + "; its manifest says " + m.historyVersions() + " at "
                        + m.historyGeneration(), null);
            }
        }
        for (BackupManifest.DataFile f : m.data() == null ? List.<BackupManifest.DataFile>of() : m.data()) {
            Path p = dir.resolve(f.name());
            try {
                if (!Files.isRegularFile(p) || Files.size(p) != f.bytes() || !sha256(p).equals(f.sha256())) {
                    throw new BackupDamagedException("backup " + m.id() + ": " + f.name() + " is missing or does "
                            + "not match its checksum", null);
                }
            } catch (IOException e) {
                throw new BackupDamagedException("backup " + m.id() + ": cannot read " + f.name(), e);
            }
        }
    }

    /** What a restore put back. */
    public record Restored(BackupInfo index, BackupInfo history, List<String> files) {
    }

    /**
     * Restores the backup in {@code backupDir} into {@code dataDir}: the index into {@code dataDir/index}, which
     * must be empty or absent (an index is never overwritten); the history replaces {@code dataDir/history}; the
     * data files replace theirs, except that tombstones are merged with those already there and an audit log
     * already there is kept. Everything is checked against the manifest before anything is written. A backup
     * directory without a manifest (only an index copy) restores the index alone.
     *
     * @throws IndexException if the index cannot be restored (damaged copy, occupied target)
     * @throws BackupDamagedException if the history or a data file does not match the manifest
     */
    public static Restored restore(Path backupDir, Path dataDir) {
        boolean whole = Files.isDirectory(backupDir.resolve("index"));
        Path source = whole ? backupDir.resolve("index") : backupDir;
        BackupManifest m = whole && Files.isRegularFile(backupDir.resolve(MANIFEST)) ? readManifest(backupDir) : null;
        if (m != null) {
            verifyRest(backupDir, m);
        }
        BackupInfo index = IndexBackups.restore(source, dataDir.resolve("index"));
        BackupInfo history = null;
        List<String> files = new ArrayList<>();
        try {
            // Journals of edits the restored index does not hold (made after the backup, or to a lost index).
            deleteTree(dataDir.resolve(EDITS));
            if (m != null && m.historyGeneration() != null) {
                Path target = dataDir.resolve("history");
                deleteTree(target);
                history = IndexBackups.restore(backupDir.resolve("history"), target);
            }
            for (BackupManifest.DataFile f : m == null || m.data() == null ? List.<BackupManifest.DataFile>of()
                    : m.data()) {
                Path from = backupDir.resolve(f.name());
                Path to = dataDir.resolve(f.name());
                Files.createDirectories(to.getParent());
                if (f.name().equals(AUDIT) && Files.exists(to)) {
                    continue; // the audit log there is newer; it only ever grows
                }
                byte[] bytes = Files.readAllBytes(from);
                if (f.name().equals(TOMBSTONES) && Files.exists(to)) {
                    bytes = mergeLines(Files.readAllBytes(to), bytes);
                }
                KeyStore.writeAtomically(to, bytes);
                files.add(f.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + backupDir + " into " + dataDir + ": " + e.getMessage(),
                    e);
        }
        return new Restored(index, history, files);
    }

    /**
     * The data files of a backup for a person to read: their names, with the undo journals (up to 50 files) counted
     * rather than named, e.g. {@code keys.json, audit.log, 3 undo journals (edits/)}.
     */
    public static String describe(List<String> names) {
        List<String> out = new ArrayList<>(names.stream().filter(n -> !n.startsWith(EDITS + "/")).toList());
        long journals = names.stream().filter(n -> n.startsWith(EDITS + "/")).count();
        if (journals > 0) {
            out.add(journals + (journals == 1 ? " undo journal (" : " undo journals (") + EDITS + "/)");
        }
        return String.join(", ", out);
    }

    /** The lines of {@code current}, then those of {@code restored} that are not among them. */
    private static byte[] mergeLines(byte[] current, byte[] restored) {
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
        for (byte[] b : List.of(current, restored)) {
            new String(b, java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .forEach(lines::add);
        }
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Deletes a directory and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fsync(Path p) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p,
                java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // directories cannot be fsynced on every platform
        }
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
