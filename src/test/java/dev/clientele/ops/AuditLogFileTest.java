package dev.clientele.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log file survives lines cut short by a crash or a full disk. */
class AuditLogFileTest {
    private static final String ID = "01JCUSTOMER0000000000000000";

    @TempDir
    Path dir;

    private static AuditEvent event(String action) {
        return new AuditEvent(Instant.parse("2026-11-26T12:00:00Z"), "key-1", "editor", action, 200, ID, null);
    }

    /** Writes only {@code budget} more bytes, then fails as a full disk does. */
    static final class FullDisk extends FilterOutputStream {
        long budget = Long.MAX_VALUE;

        FullDisk(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (budget <= 0) {
                throw new IOException("No space left on device");
            }
            budget--;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }

    @Test
    void a_line_cut_short_by_a_crash_is_skipped_and_the_next_start_writes_on_a_new_line() throws IOException {
        try (AuditLog log = AuditLog.open(dir)) {
            log.record(event("customer.update"));
        }
        Files.writeString(dir.resolve("audit.log"), "{\"at\":\"2026-11-26T12:01:00Z\",\"customer_id\":\"" + ID,
                StandardCharsets.UTF_8, StandardOpenOption.APPEND); // the crash

        try (AuditLog log = AuditLog.open(dir)) {
            log.record(event("customer.delete"));
            assertThat(log.about(ID)).extracting(AuditEvent::action)
                    .containsExactly("customer.update", "customer.delete");
        }
    }

    @Test
    void a_write_cut_short_by_a_full_disk_does_not_swallow_the_next_line() throws IOException {
        Path file = dir.resolve("audit.log");
        FullDisk disk = new FullDisk(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        try (AuditLog log = new AuditLog(file, disk)) {
            log.record(event("customer.create"));
            disk.budget = 20;
            log.record(event("customer.update")); // logged as an error, not thrown: the request already happened
            disk.budget = Long.MAX_VALUE;
            log.record(event("customer.delete"));

            assertThat(log.about(ID)).extracting(AuditEvent::action)
                    .containsExactly("customer.create", "customer.delete");
        }
    }
}
