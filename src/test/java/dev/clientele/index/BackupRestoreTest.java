package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import dev.clientele.store.CustomerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {
    @TempDir
    Path dir;

    static Customer customer(int i) {
        try {
            return Json.MAPPER.readValue("{\"first_name\":\"Ann" + i + "\",\"last_name\":\"Lee\"}", Customer.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_restored_backup_has_exactly_the_customers_of_the_backup_point() {
        BackupInfo info;
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("live"))) {
            CustomerStore store = new CustomerStore(index);
            for (int i = 0; i < 30; i++) {
                store.create(customer(i));
            }
            info = index.backup(dir.resolve("backup"));
            for (int i = 30; i < 45; i++) {
                store.create(customer(i));
            }
            index.refresh();
            assertThat(index.count()).isEqualTo(45);
        }
        assertThat(info.customers()).isEqualTo(30);
        assertThat(info.files()).isPositive();
        assertThat(info.bytes()).isPositive();

        BackupInfo restored = IndexBackups.restore(dir.resolve("backup"), dir.resolve("restored"));
        assertThat(restored.customers()).isEqualTo(30);
        try (CustomerIndex reopened = CustomerIndex.open(dir.resolve("restored"))) {
            assertThat(reopened.count()).isEqualTo(30);
            assertThat(reopened.page(null, 100)).extracting(Customer::firstName).contains("Ann0", "Ann29")
                    .doesNotContain("Ann30");
        }
    }

    @Test
    void backups_taken_during_concurrent_writes_are_complete_and_the_index_keeps_every_write() throws Exception {
        List<BackupInfo> backups = new ArrayList<>();
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("live"))) {
            CustomerStore store = new CustomerStore(index);
            store.create(customer(-1));
            written.incrementAndGet();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (!stop.get()) {
                            store.create(customer(written.get()));
                            written.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }));
            }
            for (int b = 0; b < 4; b++) {
                int before = written.get();
                BackupInfo info = index.backup(dir.resolve("backup-" + b));
                assertThat(info.customers()).isGreaterThanOrEqualTo(before);
                backups.add(info);
            }
            stop.set(true);
            for (Thread w : writers) {
                w.join();
            }
            assertThat(failure.get()).isNull();
            index.refresh();
            assertThat(index.count()).isEqualTo(written.get());
        }
        for (int b = 0; b < backups.size(); b++) {
            BackupInfo restored = IndexBackups.restore(dir.resolve("backup-" + b), dir.resolve("restored-" + b));
            assertThat(restored.customers()).isEqualTo(backups.get(b).customers());
        }
        try (CustomerIndex reopened = CustomerIndex.open(dir.resolve("live"))) {
            assertThat(reopened.count()).isEqualTo(written.get());
        }
    }

    @Test
    void verify_finds_a_damaged_file_and_restore_refuses_a_non_empty_target() throws IOException {
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("live"))) {
            CustomerStore store = new CustomerStore(index);
            for (int i = 0; i < 5; i++) {
                store.create(customer(i));
            }
            index.backup(dir.resolve("backup"));
            assertThatThrownBy(() -> index.backup(dir.resolve("backup"))).isInstanceOf(IndexException.class)
                    .hasMessageContaining("not empty");
        }
        Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(dir.resolve("occupied").resolve("x"), "x");
        assertThatThrownBy(() -> IndexBackups.restore(dir.resolve("backup"), dir.resolve("occupied")))
                .isInstanceOf(IndexException.class).hasMessageContaining("not empty");

        Path biggest;
        try (Stream<Path> files = Files.list(dir.resolve("backup"))) {
            biggest = files.filter(p -> !p.getFileName().toString().startsWith("segments"))
                    .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(biggest, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            ch.read(one, ch.size() / 2);
            one.flip();
            byte flipped = (byte) (one.get() ^ 0x5A);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {flipped}), ch.size() / 2);
        }
        assertThatThrownBy(() -> IndexBackups.verify(dir.resolve("backup"))).isInstanceOf(IndexException.class)
                .hasMessageContaining(biggest.getFileName().toString());
    }
}
