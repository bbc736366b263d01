package dev.clientele;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.config.AppConfig;
import dev.clientele.ingest.ImportFormat;
import dev.clientele.ingest.ImportService;
import dev.clientele.jobs.Job;
import dev.clientele.testing.TestCsv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop while the start-up thread still works, after the API serves (the review pairs' rescore, the warm-up): the
 * jobs stop and commit first, as in a stop after start-up, and the clean stop is recorded.
 */
class StopDuringStartTest {
    @TempDir
    Path dir;

    private AppConfig config() {
        return TestServer.config(dir.resolve("data"));
    }

    @Test
    void a_stop_while_the_start_still_works_ends_a_running_import_as_cancelled_with_its_rows_and_marks_a_clean_stop()
            throws Exception {
        CountDownLatch serving = new CountDownLatch(1);
        App app = App.startListening(config(), done -> { }, stop -> {
            serving.countDown();
            waitFor(stop); // the start-up thread stays alive until the app stops
        });
        AtomicReference<ImportService.Result> result = new AtomicReference<>();
        CountDownLatch reading = new CountDownLatch(1);
        Job job;
        try {
            app.ready().join();
            assertThat(serving.await(30, TimeUnit.SECONDS)).isTrue();
            ImportService service = new ImportService(app.store(), 500);
            job = app.jobs().start("import", p -> {
                // 1,500 rows (past the 64 KB the reader reads ahead), then the file holds until the job is asked to
                // stop, as a long file would still be read, then 500 more.
                InputStream file = new HeldFile(TestCsv.numbered("E", 2000), 1500, p::cancelled, reading);
                result.set(service.run(file, new ImportService.Options(ImportFormat.CSV, StandardCharsets.UTF_8,
                        null, Map.of(), false, null), new JobListener(p)));
            });
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            app.close();
        }

        Job ended = app.jobs().get(job.id()).orElseThrow();
        assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo(Job.State.CANCELLED);
        long stored = result.get().report().imported();
        assertThat(result.get().cancelled()).isTrue();
        assertThat(stored).isBetween(1L, 1999L).isEqualTo(ended.counts().get("rows_stored"));

        try (App again = App.start(config())) {
            // Every row reported stored, and no other: the rows are stored in the file's order.
            assertThat(again.store().index().count()).isEqualTo(stored);
            assertThat(again.store().findByExternalId("E" + stored)).isPresent();
            assertThat(again.store().findByExternalId("E" + (stored + 1))).isEmpty();
            assertThat(again.duplicates().rescorer().staleChecks()).as("the clean-stop mark was left").isZero();
        }
    }

    private static void waitFor(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reports to the job as the import route's listener does: rows, and whether the job was asked to stop. */
    private record JobListener(dev.clientele.jobs.Jobs.Progress progress) implements ImportService.Listener {
        @Override
        public void bytesRead(long bytes) {
            progress.done(bytes);
        }

        @Override
        public void rows(long read, long stored, long rejected) {
            progress.set("rows_read", read);
            progress.set("rows_stored", stored);
        }

        @Override
        public boolean cancelled() {
            return progress.cancelled();
        }
    }

    /**
     * A CSV file whose first {@code rows} customers are there at once and whose rest comes once {@code until} says so.
     * Interrupted while it waits, it fails as a file read through a channel does.
     */
    private static final class HeldFile extends InputStream {
        private final byte[] bytes;
        private final int holdAt;
        private final BooleanSupplier until;
        private final CountDownLatch reached;
        private int pos;

        HeldFile(String csv, int rows, BooleanSupplier until, CountDownLatch reached) {
            this.bytes = csv.getBytes(StandardCharsets.UTF_8);
            int at = 0;
            for (int line = 0; line <= rows; line++) { // the header and the first rows
                at = csv.indexOf('\n', at) + 1;
            }
            this.holdAt = csv.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
            this.until = until;
            this.reached = reached;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == holdAt) {
                reached.countDown();
                while (!until.getAsBoolean()) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.nio.channels.ClosedByInterruptException();
                    }
                }
            }
            if (pos >= bytes.length) {
                return -1;
            }
            int end = pos < holdAt ? holdAt : bytes.length;
            int n = Math.min(len, end - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
