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
import java.util.ArrayList;
import java.util.List;
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

    private static AuditEvent numbered(int n, int status) {
        return new AuditEvent(Instant.parse("2026-11-26T12:00:00Z").plusSeconds(n), "key-" + (n % 3), "editor",
                "PUT /api/customers/{id}", status, "c" + n, null);
    }

    @Test
    void recent_events_are_read_newest_first_a_page_at_a_time_across_chunk_boundaries() throws IOException {
        try (AuditLog log = AuditLog.open(dir)) {
            for (int i = 0; i < 3000; i++) { // about 400 kB: pages span several 64 kB chunks
                log.record(numbered(i, i % 10 == 0 ? 403 : 200));
            }
            List<String> all = new ArrayList<>();
            long before = -1;
            int pages = 0;
            do {
                AuditLog.Page page = log.recent(before, 700, e -> true);
                page.events().forEach(e -> all.add(e.customerId()));
                before = page.nextBefore() == null ? 0 : page.nextBefore();
                pages++;
            } while (before > 0);
            assertThat(pages).isEqualTo(5);
            assertThat(all).hasSize(3000).first().isEqualTo("c2999");
            assertThat(all).last().isEqualTo("c0");
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i)).isEqualTo("c" + (2999 - i));
            }

            AuditLog.Page refused = log.recent(-1, 5, e -> e.status() == 403 && "key-1".equals(e.actor()));
            assertThat(refused.events()).extracting(AuditEvent::customerId)
                    .containsExactly("c2980", "c2950", "c2920", "c2890", "c2860");
        }
    }

    @Test
    void a_page_skips_a_line_cut_short_and_blank_lines_and_an_empty_log_has_no_events() throws IOException {
        try (AuditLog log = AuditLog.open(dir)) {
            assertThat(log.recent(-1, 10, e -> true).events()).isEmpty();
            log.record(numbered(1, 200));
        }
        Files.writeString(dir.resolve("audit.log"), "\n   \n{\"at\":\"2026-11-26T12:01:00Z\",\"customer_id\":\"c",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND); // blank lines, then a crash mid-line
        try (AuditLog log = AuditLog.open(dir)) {
            log.record(numbered(2, 200));
            AuditLog.Page page = log.recent(-1, 10, e -> true);
            assertThat(page.events()).extracting(AuditEvent::customerId).containsExactly("c2", "c1");
            assertThat(page.nextBefore()).isNull();
        }
    }

    @Test
    void a_page_that_reads_its_budget_stops_there_and_says_where_to_go_on() throws IOException {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(dir)) {
            for (int i = 0; i < 2000; i++) {
                log.record(numbered(i, 200));
            }
        }
        // Nothing matches: a page reads 100 kB (two chunks), finds nothing, and answers where it stopped.
        AuditLog.Page page = AuditTail.read(file, -1, 10, 100_000, e -> false);
        assertThat(page.events()).isEmpty();
        assertThat(page.nextBefore()).isNotNull().isLessThan(Files.size(file)).isGreaterThan(0L);
        AuditLog.Page rest = AuditTail.read(file, page.nextBefore(), 10, Long.MAX_VALUE, e -> e.customerId().equals("c0"));
        assertThat(rest.events()).extracting(AuditEvent::customerId).containsExactly("c0");
        assertThat(rest.nextBefore()).isNull();
    }
}
