package dev.clientele.journal;

import dev.clientele.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, fsynced JSON-lines file of records of one type: the durable log behind small stores (duplicate
 * review decisions, merges). {@link #append} returns only after the record is on disk. On open, every complete
 * line is replayed; a torn last line (a crash in the middle of a write, never acknowledged) is dropped and cut
 * off. {@link #rewrite} compacts atomically (temp file, fsync, rename). {@link #blank} erases records where they
 * lie, overwriting each with spaces: a line that starts with a space is an erased record, skipped on replay.
 *
 *
 * <p><b>Format.</b> A record written in a format newer than the first starts with its format's number,
 * {@code {"journal_format":2,…}}; a record without it is of format 1, as every record written before formats were
 * numbered (a program that knows only format 1 reads them all, so nothing is marked until a format 2 exists). A
 * journal holding a record of a newer format than the program's is refused at open with a
 * {@link JournalFormatException} naming the file and both formats, before anything is replayed or changed: a newer
 * server's records (a new kind of event) would otherwise stop an older one with a parse error at some line.
 *
 * <p>Thread-safe: appends are serialised.
 */
public final class Journal<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    /** The first byte of an erased record's line ({@link #blank}); a record's JSON starts with '{'. */
    private static final byte ERASED = ' ';
    /** How a record of a format after the first starts (then the number, a comma and the record's fields). */
    private static final byte[] FORMAT_MARK = "{\"journal_format\":".getBytes(StandardCharsets.UTF_8);

    private final Path file;
    private final Class<T> type;
    private final UnaryOperator<FileChannel> wrap;
    private final int format;
    private FileChannel channel;
    private IOException broken; // a failed write that could not be cut off: no more appends until reopened

    private Journal(Path file, Class<T> type, UnaryOperator<FileChannel> wrap, int format) {
        this.file = file;
        this.type = type;
        this.wrap = wrap;
        this.format = format;
    }

    /**
     * Where a record lies in the file, for {@link #blank}: its first byte and its length without the line end.
     * Valid until the journal is rewritten.
     */
    public record Span(long offset, int length) {
    }

    /** Told each record replayed at open, with where it lies in the file. */
    @FunctionalInterface
    public interface Replay<T> {
        void accept(T record, Span span);
    }

    /** Opens (or creates) the journal and replays its records into the consumer, oldest first. */
    public static <T> Journal<T> open(Path file, Class<T> type, Consumer<T> replay) {
        return open(file, type, replay, c -> c);
    }

    /** As {@link #open(Path, Class, Consumer)}, telling where each record lies (for {@link #blank}). */
    public static <T> Journal<T> openWithSpans(Path file, Class<T> type, Replay<T> replay) {
        return openWithSpans(file, type, replay, c -> c);
    }

    /** As {@link #open(Path, Class, Consumer)}, writing through a wrapped channel (tests make it fail). */
    static <T> Journal<T> open(Path file, Class<T> type, Consumer<T> replay, UnaryOperator<FileChannel> wrap) {
        return openWithSpans(file, type, (record, span) -> replay.accept(record), wrap);
    }

    static <T> Journal<T> openWithSpans(Path file, Class<T> type, Replay<T> replay, UnaryOperator<FileChannel> wrap) {
        return openWithSpans(file, type, replay, wrap, 1);
    }

    /**
     * As {@link #openWithSpans(Path, Class, Replay)}, reading records up to {@code format} and writing new ones in
     * it (see Format above; tests use a format not released yet).
     */
    static <T> Journal<T> openWithSpans(Path file, Class<T> type, Replay<T> replay, UnaryOperator<FileChannel> wrap,
                                        int format) {
        Journal<T> j = new Journal<>(file, type, wrap, format);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            long good = 0;
            if (Files.exists(file)) {
                byte[] all = Files.readAllBytes(file);
                checkFormats(all, file, format);
                int start = 0;
                int lineNo = 0;
                for (int i = 0; i < all.length; i++) {
                    if (all[i] == '\n') {
                        lineNo++;
                        if (i > start && all[start] != ERASED) {
                            try {
                                replay.accept(j.decode(all, start, i - start), new Span(start, i - start));
                            } catch (IOException e) {
                                throw new UncheckedIOException("corrupt record at line " + lineNo + " of " + file, e);
                            }
                        }
                        start = i + 1;
                        good = start;
                    }
                }
                if (good < all.length) {
                    LOG.warn("dropping a torn last record ({} bytes) of {}", all.length - good, file);
                }
            }
            // READ too: an erasure checks that a record starts where it was read (blank)
            j.channel = wrap.apply(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
            j.channel.truncate(good);
            j.channel.position(good);
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    /**
     * Refuses a journal with a record of a newer format than {@code readable}, before any record is replayed: a
     * look at each line's first bytes (most lines have no mark), so replay never meets a record it cannot parse.
     */
    private static void checkFormats(byte[] all, Path file, int readable) {
        int lineNo = 1;
        for (int start = 0; start < all.length; ) {
            int recordFormat = formatAt(all, start);
            if (recordFormat > readable) {
                throw new JournalFormatException(file, lineNo, recordFormat, readable);
            }
            int end = start;
            while (end < all.length && all[end] != '\n') {
                end++;
            }
            start = end + 1;
            lineNo++;
        }
    }

    /** The format of the record starting at {@code start}: its mark's number, or 1 without a mark. */
    private static int formatAt(byte[] all, int start) {
        if (!startsWithMark(all, start)) {
            return 1;
        }
        int n = 0;
        for (int i = start + FORMAT_MARK.length; i < all.length && all[i] >= '0' && all[i] <= '9'; i++) {
            n = Math.min(n * 10 + (all[i] - '0'), 1_000_000);
        }
        return Math.max(n, 1);
    }

    private static boolean startsWithMark(byte[] all, int start) {
        return java.util.Arrays.equals(all, start, Math.min(all.length, start + FORMAT_MARK.length), FORMAT_MARK, 0,
                FORMAT_MARK.length);
    }

    /** A record from its line, its format's mark (if any) left out. */
    private T decode(byte[] all, int start, int length) throws IOException {
        if (!startsWithMark(all, start)) {
            return Json.MAPPER.readValue(all, start, length, type);
        }
        int end = start + length;
        int after = start + FORMAT_MARK.length; // the comma after the number, or the brace of a record without fields
        while (after < end && all[after] != ',' && all[after] != '}') {
            after++;
        }
        if (after >= end) {
            throw new IOException("a format mark without a record");
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, after, end);
        rest[0] = '{';
        return rest.length == 1 ? Json.MAPPER.readValue("{}", type) : Json.MAPPER.readValue(rest, type);
    }

    /**
     * A record's line as this journal writes it (without the line end): its JSON, marked with the format when that
     * is newer than the first. Callers that rewrite lines themselves ({@link #rewriteLines}) encode records with it.
     */
    public String encode(T record) {
        String json = Json.toString(record);
        if (format == 1) {
            return json;
        }
        return "{\"journal_format\":" + format + (json.equals("{}") ? "}" : "," + json.substring(1));
    }

    /**
     * Appends records durably (one fsync for all). When the write fails (a full disk), what it wrote of them is cut
     * off again, so the next append does not land after half a record, which would make the file unreadable.
     *
     * @return where each record now lies, in order
     */
    @SafeVarargs
    public final synchronized List<Span> append(T... records) {
        List<byte[]> lines = new ArrayList<>();
        for (T r : records) {
            lines.add(format == 1 ? Json.toBytes(r) : encode(r).getBytes(StandardCharsets.UTF_8));
        }
        if (broken != null) {
            throw new UncheckedIOException("cannot append to " + file + " after a failed write; reopen it (restart)",
                    broken);
        }
        long start;
        try {
            start = channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
        List<Span> spans = new ArrayList<>(lines.size());
        try {
            long at = start;
            for (byte[] line : lines) {
                ByteBuffer b = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                spans.add(new Span(at, line.length));
                at += line.length + 1;
            }
            channel.force(false);
            return spans;
        } catch (IOException e) {
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
                broken = e; // the next open drops the torn last record; an append after it would not be
            }
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /**
     * Erases records where they lie, overwriting every byte of their lines with spaces (the line ends stay), so that
     * an erasure costs the records it erases rather than a copy of the whole file. In two synced steps: first the
     * first byte of each line, which marks it erased, then the rest; a crash in between leaves lines that are
     * skipped on replay however much of them was overwritten. The file keeps its length; the next
     * {@link #rewriteKeeping} drops the blank lines.
     *
     * @throws IllegalStateException when a span does not start a record (the journal was rewritten since, or the
     *                               span is not one of this file's): nothing is overwritten then
     */
    public synchronized void blank(java.util.Collection<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        if (broken != null) {
            throw new UncheckedIOException("cannot erase in " + file + " after a failed write; reopen it (restart)",
                    broken);
        }
        try {
            long size = channel.size();
            ByteBuffer first = ByteBuffer.allocate(1);
            for (Span s : spans) {
                first.clear();
                if (s.offset() < 0 || s.offset() + s.length() > size || channel.read(first, s.offset()) != 1
                        || (first.get(0) != '{' && first.get(0) != ERASED)) {
                    throw new IllegalStateException("no record at byte " + s.offset() + " of " + file);
                }
            }
            for (Span s : spans) {
                writeFully(ByteBuffer.wrap(new byte[] {ERASED}), s.offset());
            }
            channel.force(false);
            byte[] blanks = new byte[1 << 16];
            java.util.Arrays.fill(blanks, ERASED);
            for (Span s : spans) {
                for (long at = s.offset() + 1, end = s.offset() + s.length(); at < end; ) {
                    int n = (int) Math.min(blanks.length, end - at);
                    writeFully(ByteBuffer.wrap(blanks, 0, n), at);
                    at += n;
                }
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot erase records in " + file, e);
        }
    }

    private void writeFully(ByteBuffer b, long position) throws IOException {
        for (long at = position; b.hasRemaining(); ) {
            at += channel.write(b, at);
        }
    }

    /** Replaces the whole journal by these records, atomically. */
    public synchronized void rewrite(List<T> records) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (T r : records) {
                out.write(ByteBuffer.wrap((encode(r) + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        replaceWith(tmp);
    }

    /**
     * Moves a complete, synced file over the journal and appends to it from then on. The new file is opened before it
     * is moved (the channel follows it through the rename), and the old channel is closed only after the move: so
     * there is no moment at which the journal has no open channel, and nothing left to reopen that could fail. When
     * the open or the move fails, the temp file is removed and the journal is the old file still, appended to through
     * the channel it had (a server that compacts while running keeps working).
     */
    private void replaceWith(Path tmp) {
        FileChannel next;
        try {
            next = wrap.apply(FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE));
            next.position(next.size());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            throw failedReplace(e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            closeQuietly(next, e);
            deleteQuietly(tmp, e);
            throw failedReplace(e);
        }
        FileChannel old = channel;
        channel = next;
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every file system can fsync a directory
        }
        try {
            old.close();
        } catch (IOException e) {
            LOG.warn("cannot close the replaced {}: {}", file, e.toString()); // the new one is in use already
        }
    }

    private UncheckedIOException failedReplace(Exception e) {
        return e instanceof UncheckedIOException u ? u : new UncheckedIOException("cannot replace " + file,
                e instanceof IOException io ? io : new IOException(e));
    }

    private static void deleteQuietly(Path tmp, Exception cause) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException again) {
            cause.addSuppressed(again);
        }
    }

    private static void closeQuietly(FileChannel c, Exception cause) {
        try {
            c.close();
        } catch (IOException again) {
            cause.addSuppressed(again);
        }
    }

    /**
     * Replaces the whole journal by the lines {@code keep} accepts, atomically, copying them as they are (no record
     * is decoded or encoded again: at a million records that was most of a rewrite's minute).
     *
     * @return how many lines were kept
     */
    public synchronized long rewriteKeeping(java.util.function.Predicate<String> keep) {
        return rewriteLines(line -> keep.test(line) ? line : null).size();
    }

    /**
     * Replaces the whole journal by its records' lines as {@code edit} returns them (the line itself to copy it,
     * another record's JSON to replace it, null to leave it out), atomically. {@code edit} is called once for each
     * record, oldest first, so the n-th call is the n-th record replayed at open; erased records are left out.
     *
     * @return where each line written now lies, in order
     */
    public synchronized List<Span> rewriteLines(java.util.function.Function<String, String> edit) {
        Rewrite r = rewriteInto(file.resolveSibling(file.getFileName() + ".tmp"), size(), edit);
        finishRewrite(r);
        return r.spans();
    }

    /**
     * A rewrite of the journal's first {@link #end} bytes into a synced temp file ({@link #beginRewrite}), waiting to
     * replace the journal ({@link #finishRewrite}) or to be dropped ({@link #abandon}).
     */
    public static final class Rewrite {
        private final Path tmp;
        private final long end;
        private final long written;
        private final List<Span> spans;

        private Rewrite(Path tmp, long end, long written, List<Span> spans) {
            this.tmp = tmp;
            this.end = end;
            this.written = written;
            this.spans = spans;
        }

        /** Where each line written lies in the new file, in order. */
        public List<Span> spans() {
            return spans;
        }

        /** The bytes of the journal it rewrote. */
        public long end() {
            return end;
        }
    }

    /** The journal's length: where the next record goes. */
    public synchronized long size() {
        try {
            return channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the length of " + file, e);
        }
    }

    /**
     * As {@link #rewriteLines} for the records in the first {@code end} bytes (a record boundary, such as
     * {@link #size()} was), written to a temp file and synced, <b>without holding this journal's lock</b>: appends go
     * on meanwhile, after {@code end}, and {@link #finishRewrite} copies them over as they are. The caller makes sure
     * that nothing is {@link #blank blanked} or rewritten before {@code end} until then (else it abandons this one).
     */
    public Rewrite beginRewrite(long end, java.util.function.Function<String, String> edit) {
        return rewriteInto(file.resolveSibling(file.getFileName() + ".compact.tmp"), end, edit);
    }

    private Rewrite rewriteInto(Path tmp, long end, java.util.function.Function<String, String> edit) {
        List<Span> spans = new ArrayList<>();
        long at = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING);
             java.io.OutputStream w = new java.io.BufferedOutputStream(
                     java.nio.channels.Channels.newOutputStream(out), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(4096);
            for (long pos = 0; pos < end; ) {
                int n = in.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, end - pos)), pos);
                if (n <= 0) {
                    break;
                }
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, from, i - from);
                        from = i + 1;
                        byte[] bytes = line.toByteArray();
                        line.reset();
                        if (bytes.length == 0 || bytes[0] == ERASED) {
                            continue;
                        }
                        String text = new String(bytes, StandardCharsets.UTF_8);
                        String written = edit.apply(text);
                        if (written != null) {
                            // a line kept as it is is copied as read, not encoded again
                            byte[] copy = written == text ? bytes : written.getBytes(StandardCharsets.UTF_8);
                            w.write(copy);
                            w.write('\n');
                            spans.add(new Span(at, copy.length));
                            at += copy.length + 1;
                        }
                    }
                }
                line.write(buf, from, n - from);
                pos += n;
            }
            w.flush();
            out.force(true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp); // a full disk gets its room back; the journal is as it was
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot write " + tmp, (IOException) e);
        }
        return new Rewrite(tmp, end, at, spans);
    }

    /**
     * Completes a rewrite: copies the records appended after its end as they are, syncs, and atomically replaces the
     * journal with it (a crash leaves the old journal or the new one). Quick: it copies only what was appended since
     * {@link #beginRewrite}.
     *
     * @return how far the records appended after the rewrite's end moved (their new offset minus the old)
     */
    public synchronized long finishRewrite(Rewrite r) {
        try {
            if (broken != null) {
                throw new IOException("the journal had a failed write", broken);
            }
            long now = channel.position();
            try (FileChannel out = FileChannel.open(r.tmp, StandardOpenOption.WRITE)) {
                out.position(r.written);
                for (long at = r.end; at < now; ) {
                    at += channel.transferTo(at, now - at, out);
                }
                out.force(true);
            }
        } catch (IOException e) {
            abandon(r);
            throw new UncheckedIOException("cannot write " + r.tmp, e);
        }
        replaceWith(r.tmp);
        return r.written - r.end;
    }

    /** Drops a rewrite that is not to replace the journal (its temp file). */
    public void abandon(Rewrite r) {
        try {
            Files.deleteIfExists(r.tmp);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", r.tmp, e.toString());
        }
    }

    public Path file() {
        return file;
    }

    /** Copies the journal as it is between appends (never half a record) to {@code target}, for a backup. */
    public synchronized void copyTo(Path target) throws IOException {
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
