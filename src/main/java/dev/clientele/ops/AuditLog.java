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
 * written whole and flushed to the OS at once, so a crash loses at most the line being written. The file is only
 * ever appended to; rotate it with external tools (copytruncate).
 *
 * <p>Thread-safe; close once at shutdown.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final OutputStream out;
    private boolean closed;

    private AuditLog(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    public static AuditLog open(Path dataDir) {
        Path file = dataDir.resolve("audit.log");
        try {
            Files.createDirectories(dataDir);
            return new AuditLog(file, Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open audit log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Every recorded event about one customer, oldest first (for a subject access request). */
    public synchronized java.util.List<AuditEvent> about(String customerId) {
        java.util.List<AuditEvent> out = new java.util.ArrayList<>();
        if (!java.nio.file.Files.exists(file())) {
            return out;
        }
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(file())) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank() && line.contains(customerId)) {
                    AuditEvent e = dev.clientele.json.Json.MAPPER.readValue(line, AuditEvent.class);
                    if (customerId.equals(e.customerId())) {
                        out.add(e);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file(), e);
        }
        return out;
    }

    public void record(AuditEvent e) {
        byte[] line = Json.toBytes(e);
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                byte[] withNewline = java.util.Arrays.copyOf(line, line.length + 1);
                withNewline[line.length] = '\n';
                out.write(withNewline);
                out.flush();
            } catch (IOException ex) {
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
