package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nearly full disk: writes are refused before Lucene could run out of room mid-segment (which would stop the
 * writer until a restart), what was accepted before still commits, and writes come back by themselves once there
 * is room.
 */
class LowDiskTest {
    private static final long MB = 1024 * 1024;
    private static final String A = "A0000000000000000000000000";
    private static final String B = "B0000000000000000000000000";
    private static final String C = "C0000000000000000000000000";

    @TempDir
    Path dir;
    final AtomicLong free = new AtomicLong(10_000 * MB);
    CustomerIndex index;

    private CustomerIndex open(long minFree) {
        index = CustomerIndex.open(dir, IndexSettings.DEFAULTS.withMinFreeBytes(minFree), d -> d, free::get);
        return index;
    }

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }

    private static Customer person(String id, String last) {
        return Customer.person("Anna", last).withId(id);
    }

    @Test
    void writes_are_refused_while_the_disk_is_short_and_resume_without_a_restart() {
        open(256 * MB);
        index.awaitDurable(index.put(person(A, "Kovács"), null));

        free.set(100 * MB);
        assertThatThrownBy(() -> index.put(person(B, "Szabó"), null))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.reason()).isEqualTo(IndexException.Reason.NO_SPACE);
                    assertThat(e.getMessage()).contains("100 MB free").contains("256 MB");
                });
        assertThatThrownBy(() -> index.delete(A, null))
                .isInstanceOfSatisfying(IndexException.class,
                        e -> assertThat(e.reason()).isEqualTo(IndexException.Reason.NO_SPACE));
        assertThatThrownBy(() -> index.checkWritable("import"))
                .isInstanceOfSatisfying(IndexException.class,
                        e -> assertThat(e.reason()).isEqualTo(IndexException.Reason.NO_SPACE));
        assertThat(index.writeFailure()).hasValueSatisfying(f -> assertThat(f).contains("100 MB free"));
        assertThat(index.stoppedWriting()).isEmpty(); // the writer itself is fine
        assertThat(index.get(A)).isPresent();
        assertThat(index.get(B)).isEmpty(); // nothing of the refused write was buffered

        free.set(300 * MB);
        assertThat(index.writeFailure()).isEmpty();
        index.checkWritable("import");
        index.awaitDurable(index.put(person(B, "Szabó"), null));
        index.close();
        index = CustomerIndex.open(dir);
        assertThat(index.get(A)).isPresent();
        assertThat(index.get(B)).isPresent();
    }

    @Test
    void a_write_accepted_before_the_disk_ran_short_is_still_committed() {
        open(256 * MB);
        long seq = index.put(person(A, "Kovács"), null);
        free.set(MB);
        index.awaitDurable(seq);
        assertThatThrownBy(() -> index.put(person(C, "Nagy"), null)).isInstanceOf(IndexException.class);
        index.close();
        index = CustomerIndex.open(dir);
        assertThat(index.get(A)).isPresent();
        assertThat(index.get(C)).isEmpty();
    }

    @Test
    void a_minimum_of_zero_never_asks_the_disk() {
        index = CustomerIndex.open(dir, IndexSettings.DEFAULTS.withMinFreeBytes(0), d -> d, () -> {
            throw new AssertionError("the disk was asked");
        });
        index.awaitDurable(index.put(person(A, "Kovács"), null));
        assertThat(index.writeFailure()).isEmpty();
    }

    @Test
    void the_real_disk_is_read() {
        // No disk has an exabyte free, and every disk has a byte.
        index = CustomerIndex.open(dir, IndexSettings.DEFAULTS.withMinFreeBytes(Long.MAX_VALUE / 8));
        assertThatThrownBy(() -> index.put(person(A, "Kovács"), null))
                .isInstanceOfSatisfying(IndexException.class,
                        e -> assertThat(e.reason()).isEqualTo(IndexException.Reason.NO_SPACE));
        index.close();
        index = CustomerIndex.open(dir, IndexSettings.DEFAULTS.withMinFreeBytes(1));
        index.awaitDurable(index.put(person(A, "Kovács"), null));
        assertThat(index.get(A)).isPresent();
    }
}
