package dev.clientele.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a list edit changed, so it can be undone: one line per customer, {@code <id> <version the edit made>}, in
 * {@code <data>/edits/<edit id>.txt}, after a first line {@code # started_by <key id>} naming the API key that made
 * the edit (the one key besides admins that may undo it, also after a restart). Ids and version numbers only, no
 * personal data. The newest {@link #KEEP} files are kept.
 *
 * <p>Lines are written after the batch they name is committed, and synced when the edit ends; a crash can lose the
 * lines of the last batches (those customers are then not undone, but keep their history).
 */
public final class EditJournal implements AutoCloseable {
    public static final int KEEP = 50;
    /** The journals' directory under the data directory. */
    public static final String DIR = "edits";
    /**
     * Held while a journal is started, pruned or appended to, and while a backup copies the journals
     * ({@link #copyAll}), so a backup never holds half a line (a version number cut short would name another version).
     */
    private static final Object LOCK = new Object();
    private static final Pattern VALID_ID = Pattern.compile("[a-z]+-[0-9]+-[0-9a-f]{8}");
    private static final String STARTED_BY = "# started_by ";

    /** A customer as an edit left it. */
    public record Entry(String id, long version) {
    }

    private final Path file;
    private final BufferedWriter out;

    private EditJournal(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Starts the journal of an edit, removing the oldest beyond {@link #KEEP}.
     *
     * @param startedBy the id of the key that made the edit, or null for none
     */
    public static EditJournal create(Path dir, String editId, String startedBy) {
        Path file = fileOf(dir, editId);
        synchronized (LOCK) {
            return create(dir, editId, startedBy, file);
        }
    }

    private static EditJournal create(Path dir, String editId, String startedBy, Path file) {
        try {
            Files.createDirectories(dir);
            prune(dir);
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            if (startedBy != null && !startedBy.isBlank()) {
                out.write(STARTED_BY + startedBy.strip() + "\n");
                out.flush(); // a backup copies what is on disk
            }
            return new EditJournal(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the journal of edit " + editId + ": " + e.getMessage(), e);
        }
    }

    /** Records customers the edit changed (after their batch is committed). */
    public void append(List<Entry> changed) {
        try {
            synchronized (LOCK) {
                for (Entry e : changed) {
                    out.write(e.id());
                    out.write(' ');
                    out.write(Long.toString(e.version()));
                    out.write('\n');
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What an edit changed, in the order it changed them.
     *
     * @throws java.util.NoSuchElementException when there is no journal of that edit (unknown, or among the oldest)
     */
    public static List<Entry> read(Path dir, String editId) {
        Path file = fileOf(dir, editId);
        if (!Files.isRegularFile(file)) {
            throw new java.util.NoSuchElementException("no changes recorded for edit " + editId + " (the newest "
                    + KEEP + " edits can be undone)");
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                int space = line.indexOf(' ');
                if (space > 0 && !line.startsWith("#")) { // a line cut short by a crash is skipped
                    try {
                        out.add(new Entry(line.substring(0, space), Long.parseLong(line.substring(space + 1))));
                    } catch (NumberFormatException ignored) {
                        // the same
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Copies every journal in {@code dir} into the directory {@code target} (created), for a backup of a running
     * server: between two appends, so each copy ends with a whole line. Returns false when there are none.
     */
    public static boolean copyAll(Path dir, Path target) throws IOException {
        synchronized (LOCK) {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")).toList()) {
                    Files.copy(f, target.resolve(f.getFileName().toString()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return true;
        }
    }

    /**
     * The id of the key that made an edit, or empty for an edit recorded before journals named it.
     *
     * @throws java.util.NoSuchElementException when there is no journal of that edit (unknown, or among the oldest)
     */
    public static java.util.Optional<String> startedBy(Path dir, String editId) {
        Path file = fileOf(dir, editId);
        try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            return first != null && first.startsWith(STARTED_BY)
                    ? java.util.Optional.of(first.substring(STARTED_BY.length()).strip())
                    : java.util.Optional.empty();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.util.NoSuchElementException("no changes recorded for edit " + editId + " (the newest "
                    + KEEP + " edits can be undone)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path fileOf(Path dir, String editId) {
        if (editId == null || !VALID_ID.matcher(editId).matches()) {
            throw new java.util.NoSuchElementException("no edit " + editId);
        }
        return dir.resolve(editId + ".txt");
    }

    private static void prune(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(p -> p.getFileName().toString().endsWith(".txt"))
                    .sorted(Comparator.comparing(EditJournal::modified)).toList();
            for (int i = 0; i < all.size() - (KEEP - 1); i++) {
                Files.deleteIfExists(all.get(i));
            }
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
