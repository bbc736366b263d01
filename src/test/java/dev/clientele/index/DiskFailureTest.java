package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import dev.clientele.ingest.ImportFormat;
import dev.clientele.ingest.ImportService;
import dev.clientele.store.CustomerStore;
import dev.clientele.testing.TestCsv;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fails: nothing acknowledged is lost, nothing lost is acknowledged, and the failure is told plainly.
 * Lucene closes its writer when it cannot write a segment (a "tragic" error), so writes are refused until the disk
 * works again and the writer is reopened (without a restart); a failed fsync only fails that commit, and the next one
 * retries it.
 */
class DiskFailureTest {
    private static final String A = "A0000000000000000000000000";
    private static final String B = "B0000000000000000000000000";
    private static final String C = "C0000000000000000000000000";

    @TempDir
    Path dir;
    final List<CustomerIndex> open = new ArrayList<>();

    /** A directory whose new files or fsyncs fail on demand, as on a full disk. */
    static final class FailingDirectory extends FilterDirectory {
        volatile boolean full;
        volatile boolean syncFails;

        FailingDirectory(Directory in) {
            super(in);
        }

        @Override
        public IndexOutput createOutput(String name, IOContext context) throws IOException {
            if (full) {
                throw new IOException("No space left on device");
            }
            return super.createOutput(name, context);
        }

        @Override
        public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
            if (full) {
                throw new IOException("No space left on device");
            }
            return super.createTempOutput(prefix, suffix, context);
        }

        @Override
        public void sync(Collection<String> names) throws IOException {
            if (full || syncFails) {
                throw new IOException("fsync failed: Input/output error");
            }
            super.sync(names);
        }
    }

    private FailingDirectory[] disk = new FailingDirectory[1];

    private CustomerIndex openFailing() {
        CustomerIndex index = CustomerIndex.open(dir, IndexSettings.DEFAULTS, in -> disk[0] = new FailingDirectory(in));
        open.add(index);
        return index;
    }

    private CustomerIndex reopen() {
        CustomerIndex index = CustomerIndex.open(dir);
        open.add(index);
        return index;
    }

    @AfterEach
    void closeAll() {
        open.forEach(CustomerIndex::close);
    }

    private static Customer person(String id, String last) {
        return Customer.person("Anna", last).withId(id);
    }

    @Test
    void a_write_that_cannot_reach_the_disk_is_refused_and_every_acknowledged_write_survives() {
        CustomerIndex index = openFailing();
        index.awaitDurable(index.add(person(A, "Alpha")));
        assertThat(index.writeFailure()).isEmpty();

        disk[0].full = true;
        assertThatThrownBy(() -> index.awaitDurable(index.add(person(B, "Beta"))))
                .isInstanceOf(IndexException.class);

        // Lucene has closed its writer: while the disk is full, writes are refused with the reason, reads go on.
        assertThat(index.writeFailure()).hasValueSatisfying(f -> assertThat(f).contains("No space left on device"));
        assertThatThrownBy(() -> index.add(person(C, "Gamma")))
                .isInstanceOf(IndexException.class)
                .hasMessageContaining("stopped accepting writes")
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("resume by themselves")
                .satisfies(e -> assertThat(((IndexException) e).readOnly()).isTrue());
        assertThatThrownBy(() -> index.delete(A, null)).isInstanceOf(IndexException.class);
        assertThat(index.get(A)).map(Customer::lastName).contains("Alpha");
        assertThat(index.writerReopens()).isZero();

        index.close(); // does not throw although the writer is gone
        open.remove(index);
        disk[0].full = false;
        CustomerIndex again = reopen();
        assertThat(again.exists(A)).isTrue();
        assertThat(again.exists(B)).isFalse();
        assertThat(again.exists(C)).isFalse();
        assertThat(again.writeFailure()).isEmpty();
        again.awaitDurable(again.add(person(C, "Gamma")));
        assertThat(again.exists(C)).isTrue();
    }

    @Test
    void once_the_disk_has_room_again_the_writer_is_reopened_without_a_restart() {
        CustomerIndex index = openFailing();
        index.awaitDurable(index.add(person(A, "Alpha")));
        disk[0].full = true;
        assertThatThrownBy(() -> index.awaitDurable(index.add(person(B, "Beta"))))
                .isInstanceOf(IndexException.class);
        assertThat(index.writeFailure()).as("still full: read-only").isPresent();
        assertThatThrownBy(() -> index.add(person(C, "Gamma"))).isInstanceOf(IndexException.class)
                .satisfies(e -> assertThat(((IndexException) e).readOnly()).isTrue());

        disk[0].full = false;
        assertThat(index.writeFailure()).as("a health check finds the disk working and reopens the writer").isEmpty();
        assertThat(index.writerReopens()).isEqualTo(1);
        assertThat(index.exists(A)).isTrue();
        assertThat(index.get(B)).as("the write that was never acknowledged is not read back").isEmpty();
        long c = index.add(person(C, "Gamma"));
        index.awaitDurable(c);
        index.awaitDurable(index.delete(A, null));
        assertThat(index.count()).isEqualTo(1);
        assertThat(index.writeFailure()).isEmpty();

        index.close();
        open.remove(index);
        CustomerIndex again = reopen();
        assertThat(again.exists(A)).as("deleted after the reopen").isFalse();
        assertThat(again.exists(B)).isFalse();
        assertThat(again.get(C)).map(Customer::lastName).contains("Gamma");
    }

    @Test
    void the_next_write_reopens_the_writer_once_the_disk_works() {
        CustomerIndex index = openFailing();
        disk[0].full = true;
        assertThatThrownBy(() -> index.awaitDurable(index.add(person(B, "Beta"))))
                .isInstanceOf(IndexException.class);
        assertThat(index.stoppedWriting()).isPresent();
        disk[0].full = false;
        index.awaitDurable(index.add(person(C, "Gamma"))); // no health check in between
        assertThat(index.writerReopens()).isEqualTo(1);
        assertThat(index.exists(C)).isTrue();
        assertThat(index.exists(B)).isFalse();
    }

    @Test
    void a_failed_fsync_fails_that_commit_and_the_next_commit_makes_the_write_durable() {
        CustomerIndex index = openFailing();
        disk[0].syncFails = true;
        long b = index.add(person(B, "Beta"));

        assertThatThrownBy(() -> index.awaitDurable(b)).isInstanceOf(IndexException.class)
                .hasMessageContaining("commit failed");
        assertThat(index.writeFailure()).isEmpty(); // the writer survives a failed commit

        // A write made after the failure is not failed by it: it waits for the committer's next attempt, which
        // makes the earlier write durable too.
        long c = index.add(person(C, "Gamma"));
        disk[0].syncFails = false;
        index.awaitDurable(c);
        index.awaitDurable(b);
        index.close();
        open.remove(index);
        CustomerIndex again = reopen();
        assertThat(again.exists(B)).isTrue();
        assertThat(again.exists(C)).isTrue();
    }

    @Test
    void an_import_stopped_by_a_full_disk_keeps_every_row_it_reported_stored() {
        CustomerIndex index = openFailing();
        String csv = TestCsv.numbered("E", 40);
        List<String> reported = new ArrayList<>();
        ImportService.Listener listener = ImportService.onStored(customers -> {
            customers.forEach(c -> reported.add(c.externalId()));
            disk[0].full = true; // the disk fills up right after the first batch is durable
        });
        ImportService service = new ImportService(new CustomerStore(index), 10);

        assertThatThrownBy(() -> service.run(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                new ImportService.Options(ImportFormat.CSV, StandardCharsets.UTF_8, null, Map.of(), false), listener))
                .isInstanceOf(IndexException.class);

        assertThat(reported).hasSize(10);
        disk[0].full = false;
        index.close();
        open.remove(index);
        CustomerIndex again = reopen();
        for (String external : reported) {
            assertThat(again.idForExternalId(external)).as(external).isPresent();
        }
        // Re-running the file finishes the job without duplicating the rows that were kept.
        ImportService.Result rerun = new ImportService(new CustomerStore(again), 10).run(
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                new ImportService.Options(ImportFormat.CSV, StandardCharsets.UTF_8, null, Map.of(), false),
                ImportService.QUIET);
        assertThat(rerun.report().imported()).isEqualTo(40);
        again.refresh();
        assertThat(again.count()).isEqualTo(40);
    }
}
