package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging the index into one segment ({@code POST /api/admin/optimize}, {@code clientele optimize}). */
class SegmentMergeTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;
    final AtomicLong free = new AtomicLong(10_000 * MB);
    CustomerIndex index;

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }

    private CustomerIndex open() {
        index = CustomerIndex.open(dir, IndexSettings.DEFAULTS.withMinFreeBytes(256 * MB), d -> d, free::get);
        return index;
    }

    private static String id(int n) {
        return String.format("C%025d", n);
    }

    /** Writes {@code batches} batches, each committed apart, so each becomes a segment of its own. */
    private void write(int batches, int perBatch) {
        for (int b = 0; b < batches; b++) {
            long seq = -1;
            for (int i = 0; i < perBatch; i++) {
                int n = b * perBatch + i;
                seq = index.put(Customer.person("Anna" + n, "Kovács").withId(id(n)), null);
            }
            index.awaitDurable(seq);
            index.refresh();
        }
    }

    @Test
    void merging_leaves_one_segment_with_every_customer_and_without_deleted_documents_and_survives_a_restart() {
        open();
        write(4, 25);
        index.awaitDurable(index.delete(id(3), null));
        index.refresh();
        CustomerIndex.Segments before = index.segments();
        assertThat(before.count()).isGreaterThan(1);
        assertThat(before.documents()).isEqualTo(99);
        assertThat(before.deleted()).isEqualTo(1);

        CustomerIndex.MergeResult r = index.mergeSegments();

        assertThat(r.before()).isEqualTo(before);
        assertThat(r.after()).isEqualTo(new CustomerIndex.Segments(1, 99, 0, 99));
        assertThat(index.segments()).isEqualTo(r.after()); // searches see it at once
        index.close();
        index = CustomerIndex.open(dir);
        assertThat(index.segments()).isEqualTo(new CustomerIndex.Segments(1, 99, 0, 99)); // committed
        assertThat(index.get(id(0))).hasValueSatisfying(c -> assertThat(c.firstName()).isEqualTo("Anna0"));
        assertThat(index.get(id(99))).hasValueSatisfying(c -> assertThat(c.firstName()).isEqualTo("Anna99"));
        assertThat(index.get(id(3))).isEmpty();
    }

    @Test
    void writes_after_a_merge_go_on_as_before() {
        open();
        write(3, 10);
        index.mergeSegments();
        write(1, 5); // ids 0..4 again: replaced, not added
        assertThat(index.count()).isEqualTo(30);
        assertThat(index.get(id(2))).hasValueSatisfying(c -> assertThat(c.firstName()).isEqualTo("Anna2"));
    }

    @Test
    void a_merge_without_room_for_the_new_segment_is_refused_and_changes_nothing() {
        open();
        write(3, 10);
        CustomerIndex.Segments before = index.segments();
        free.set(256 * MB + 1); // writes still go (the minimum is free), a copy of the index does not fit beside it

        assertThatThrownBy(() -> index.mergeSegments()).isInstanceOfSatisfying(IndexException.class, e -> {
            assertThat(e.reason()).isEqualTo(IndexException.Reason.NO_SPACE);
            assertThat(e.getMessage()).contains("cannot merge the segments").contains("256 MB are kept free");
        });
        assertThat(index.segments()).isEqualTo(before);
        index.awaitDurable(index.put(Customer.person("Bea", "Szabó").withId(id(500)), null));

        free.set(10_000 * MB);
        assertThat(index.mergeSegments().after().count()).isEqualTo(1);
    }

    @Test
    void an_empty_index_merges_to_nothing_without_failing() {
        open();
        CustomerIndex.MergeResult r = index.mergeSegments();
        assertThat(r.after().documents()).isZero();
        assertThat(r.after().worthMerging()).isFalse();
    }

    @Test
    void a_merge_is_worth_it_when_a_tenth_lies_outside_the_largest_segment_or_is_deleted() {
        // after an import: four large segments
        assertThat(new CustomerIndex.Segments(4, 1_000_000, 0, 700_000).worthMerging()).isTrue();
        // one large segment and the small ones of single writes since
        assertThat(new CustomerIndex.Segments(4, 1_000_000, 0, 950_000).worthMerging()).isFalse();
        assertThat(new CustomerIndex.Segments(2, 900, 0, 810).worthMerging()).isTrue(); // 90 of 900: exactly a tenth
        assertThat(new CustomerIndex.Segments(2, 900, 0, 811).worthMerging()).isFalse();
        // one segment: only its deleted documents make it worth rewriting
        assertThat(new CustomerIndex.Segments(1, 900, 100, 1_000).worthMerging()).isTrue();
        assertThat(new CustomerIndex.Segments(1, 1_000, 5, 1_005).worthMerging()).isFalse();
        assertThat(new CustomerIndex.Segments(0, 0, 0, 0).worthMerging()).isFalse();
    }
}
