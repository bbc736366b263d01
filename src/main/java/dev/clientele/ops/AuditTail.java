package dev.clientele.ops;

import dev.clientele.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads the audit log from its end backwards, newest event first, a page at a time: an admin looking at what
 * happened lately reads the last lines of a log that only grows, not the whole file. A page ends after
 * {@code limit} events or once {@link #BUDGET} bytes were read (a filter that matches little in a big log), and
 * says where the next older page starts.
 */
final class AuditTail {
    /** Bytes read per page at most, so a request on a log of gigabytes answers in bounded time. */
    static final long BUDGET = 32L << 20;
    private static final int CHUNK = 64 << 10;

    private AuditTail() {
    }

    /**
     * Up to {@code limit} events that {@code keep} accepts, from the lines that end at or before {@code before}
     * (a previous page's {@link AuditLog.Page#nextBefore}; negative: the end of the file), reading at most
     * {@code budget} bytes. A line cut short (a crash, or the line being written right now) is skipped.
     */
    static AuditLog.Page read(Path file, long before, int limit, long budget, Predicate<AuditEvent> keep) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long lineEnd = before < 0 ? size : Math.min(before, size);
            List<AuditEvent> out = new ArrayList<>();
            byte[] region = new byte[0]; // the file's bytes from regionStart to lineEnd
            long regionStart = lineEnd;
            long read = 0;
            while (out.size() < limit && lineEnd > 0) {
                int newline = lastNewline(region, (int) (lineEnd - regionStart) - 2);
                if (newline < 0 && regionStart > 0) {
                    if (read >= budget) {
                        break;
                    }
                    int n = (int) Math.min(CHUNK, regionStart);
                    byte[] more = new byte[n + (int) (lineEnd - regionStart)];
                    readFully(ch, ByteBuffer.wrap(more, 0, n), regionStart - n);
                    System.arraycopy(region, 0, more, n, (int) (lineEnd - regionStart));
                    region = more;
                    regionStart -= n;
                    read += n;
                    continue;
                }
                long lineStart = newline < 0 ? regionStart : regionStart + newline + 1;
                AuditEvent e = parse(region, (int) (lineStart - regionStart), (int) (lineEnd - regionStart));
                if (e != null && keep.test(e)) {
                    out.add(e);
                }
                lineEnd = lineStart;
            }
            return new AuditLog.Page(out, lineEnd > 0 ? lineEnd : null);
        } catch (NoSuchFileException e) {
            return new AuditLog.Page(List.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int lastNewline(byte[] b, int from) {
        for (int i = Math.min(from, b.length - 1); i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The event of one line (without its newline), or null for a blank or unreadable line. */
    private static AuditEvent parse(byte[] b, int from, int to) {
        int end = to > from && b[to - 1] == '\n' ? to - 1 : to;
        if (blank(b, from, end)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(b, from, end - from, AuditEvent.class);
        } catch (IOException torn) {
            return null; // cut short by a crash or a full disk, or still being written
        }
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("the file became shorter while it was read");
            }
        }
    }
}
