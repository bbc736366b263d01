package dev.clientele.ops;

import dev.clientele.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit log {@code <data>/audit.log}: one JSON object per line ({@link AuditEvent}). Lines are
 * written whole and flushed to the OS at once, so a crash loses at most the line being written. A line cut short
 * (a crash, a full disk) is skipped when the log is read, and the next line is started on a line of its own. The file is only
 * ever appended to; rotate it with external tools (copytruncate).
 *
 * <p>Thread-safe; close once at shutdown.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final OutputStream out;
    private boolean closed;
    private boolean torn; // the last write failed midway: start the next one on a line of its own

    AuditLog(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    public static AuditLog open(Path dataDir) {
        Path file = dataDir.resolve("audit.log");
        try {
            Files.createDirectories(dataDir);
            boolean torn = endsMidLine(file);
            AuditLog log = new AuditLog(file, Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE));
            log.torn = torn;
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file's last line was cut short (by a crash or a full disk). */
    private static boolean endsMidLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return false;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) != '\n';
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Every recorded event about one customer (as its customer id, or as the target: the other customer of a
     * duplicate-review decision), oldest first (for a subject access request).
     */
    public synchronized java.util.List<AuditEvent> about(String customerId) {
        java.util.List<AuditEvent> out = new java.util.ArrayList<>();
        if (!java.nio.file.Files.exists(file())) {
            return out;
        }
        int unreadable = 0;
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(file())) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank() && line.contains(customerId)) {
                    AuditEvent e;
                    try {
                        e = dev.clientele.json.Json.MAPPER.readValue(line, AuditEvent.class);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException torn) {
                        unreadable++; // a line cut short by a crash or a full disk: skip it, keep the rest
                        continue;
                    }
                    if (customerId.equals(e.customerId()) || customerId.equals(e.target())) {
                        out.add(e);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file(), e);
        }
        if (unreadable > 0) {
            LOG.warn("skipped {} unreadable lines of {} (cut short by a crash or a full disk)", unreadable, file);
        }
        return out;
    }

    /**
     * A page of the newest events {@code keep} accepts, newest first: at most {@code limit}, from the lines that end
     * at or before the byte offset {@code before} (an earlier page's {@code nextBefore}; negative: the end). A page
     * reads at most 32 MiB of the log, so it may hold fewer events than asked and still have a next page.
     */
    public Page recent(long before, int limit, java.util.function.Predicate<AuditEvent> keep) {
        return AuditTail.read(file, before, limit, AuditTail.BUDGET, keep);
    }

    /** Events newest first, and the offset the next older page starts from (null: none older). */
    public record Page(java.util.List<AuditEvent> events, Long nextBefore) {
    }

    public void record(AuditEvent e) {
        byte[] line = Json.toBytes(e);
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                if (torn) {
                    out.write('\n');
                }
                byte[] withNewline = java.util.Arrays.copyOf(line, line.length + 1);
                withNewline[line.length] = '\n';
                out.write(withNewline);
                out.flush();
                torn = false;
            } catch (IOException ex) {
                torn = true;
                LOG.error("cannot append to audit log {}", file, ex);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("cannot close audit log {}", file, e);
            }
        }
    }
}
