package dev.clientele.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    record Entry(String id, int n) {
    }

    @TempDir
    Path dir;

    @Test
    void appended_records_are_replayed_in_order_after_reopening() {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            j.append(new Entry("a", 1));
            j.append(new Entry("b", 2), new Entry("Ä ы", 3));
        }
        List<Entry> seen = new ArrayList<>();
        try (Journal<Entry> j = Journal.open(f, Entry.class, seen::add)) {
            j.append(new Entry("d", 4));
        }
        assertThat(seen).containsExactly(new Entry("a", 1), new Entry("b", 2), new Entry("Ä ы", 3));
        List<Entry> again = new ArrayList<>();
        Journal.open(f, Entry.class, again::add).close();
        assertThat(again).hasSize(4);
    }

    @Test
    void a_journal_with_records_of_a_newer_format_is_refused_naming_the_file_and_both_formats_and_left_as_it_is()
            throws Exception {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            j.append(new Entry("a", 1));
        }
        // A newer server's record: a kind this program does not know, the last line torn (a crash) as well.
        Files.writeString(f, "{\"journal_format\":2,\"id\":\"b\",\"n\":2,\"colour\":\"red\"}\n{\"id\":\"c\"",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(f);
        List<Entry> seen = new ArrayList<>();

        assertThatThrownBy(() -> Journal.open(f, Entry.class, seen::add))
                .isInstanceOfSatisfying(JournalFormatException.class, e -> {
                    assertThat(e.file()).isEqualTo(f);
                    assertThat(e.found()).isEqualTo(2);
                    assertThat(e.readable()).isEqualTo(1);
                })
                .hasMessageContaining(f.toString()).hasMessageContaining("format 2 (line 2)")
                .hasMessageContaining("reads format 1 at most").hasMessageNotContaining("\n");
        assertThat(seen).as("nothing replayed").isEmpty();
        assertThat(Files.readAllBytes(f)).as("not cut or changed").isEqualTo(before);
    }

    @Test
    void a_journal_of_a_later_format_marks_its_records_and_still_reads_the_unmarked_ones_of_format_one() {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            j.append(new Entry("a", 1));
        }
        List<Entry> seen = new ArrayList<>();
        try (Journal<Entry> j = Journal.openWithSpans(f, Entry.class, (e, span) -> seen.add(e), c -> c, 2)) {
            j.append(new Entry("b", 2));
            assertThat(j.encode(new Entry("c", 3))).isEqualTo("{\"journal_format\":2,\"id\":\"c\",\"n\":3}");
        }
        assertThat(seen).containsExactly(new Entry("a", 1));
        List<Entry> again = new ArrayList<>();
        Journal.openWithSpans(f, Entry.class, (e, span) -> again.add(e), c -> c, 2).close();
        assertThat(again).containsExactly(new Entry("a", 1), new Entry("b", 2));
        assertThatThrownBy(() -> Journal.open(f, Entry.class, e -> { })).isInstanceOf(JournalFormatException.class);
    }

    @Test
    void a_torn_last_line_is_dropped_and_cut_off() throws Exception {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            j.append(new Entry("a", 1));
        }
        Files.writeString(f, "{\"id\":\"b\",\"n\"", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        List<Entry> seen = new ArrayList<>();
        try (Journal<Entry> j = Journal.open(f, Entry.class, seen::add)) {
            j.append(new Entry("c", 3));
        }
        assertThat(seen).containsExactly(new Entry("a", 1));
        List<Entry> after = new ArrayList<>();
        Journal.open(f, Entry.class, after::add).close();
        assertThat(after).containsExactly(new Entry("a", 1), new Entry("c", 3));
    }

    @Test
    void a_corrupt_complete_line_fails_loudly_instead_of_losing_data() throws Exception {
        Path f = dir.resolve("j.ndjson");
        Files.writeString(f, "{\"id\":\"a\",\"n\":1}\nnot json\n{\"id\":\"b\",\"n\":2}\n");
        assertThatThrownBy(() -> Journal.open(f, Entry.class, e -> { })).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void blanked_records_are_overwritten_where_they_lie_and_skipped_on_replay_even_half_overwritten()
            throws Exception {
        Path f = dir.resolve("j.ndjson");
        List<Journal.Span> spans;
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            spans = new ArrayList<>(j.append(new Entry("keep", 1), new Entry("erase-me", 2)));
            spans.addAll(j.append(new Entry("keep", 3)));
        }
        long size = Files.size(f);
        List<Journal.Span> replayed = new ArrayList<>();
        try (Journal<Entry> j = Journal.openWithSpans(f, Entry.class, (e, span) -> replayed.add(span))) {
            assertThat(replayed).isEqualTo(spans);
            j.blank(List.of(spans.get(1)));
            assertThat(Files.size(f)).isEqualTo(size);
            assertThatThrownBy(() -> j.blank(List.of(new Journal.Span(spans.get(0).offset() + 3, 2))))
                    .isInstanceOf(IllegalStateException.class); // not where a record starts: nothing overwritten
            j.append(new Entry("keep", 4));
        }
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("erase-me").contains("\n" + " ".repeat(spans.get(1).length()) + "\n");
        List<Entry> after = new ArrayList<>();
        Journal.open(f, Entry.class, after::add).close();
        assertThat(after).containsExactly(new Entry("keep", 1), new Entry("keep", 3), new Entry("keep", 4));

        // A crash between the two steps: the line's first byte says erased, the rest is still there.
        Files.writeString(f, " {\"id\":\"half\",\"n\":5}\n{\"id\":\"keep\",\"n\":6}\n", StandardOpenOption.APPEND);
        List<Entry> crashed = new ArrayList<>();
        try (Journal<Entry> j = Journal.open(f, Entry.class, crashed::add)) {
            assertThat(j.rewriteKeeping(line -> true)).as("a rewrite drops erased lines").isEqualTo(4);
        }
        assertThat(crashed).extracting(Entry::n).containsExactly(1, 3, 4, 6);
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).doesNotContain("half").doesNotContain("  ");
    }

    @Test
    void rewrite_compacts_atomically_and_appends_continue() {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            for (int i = 0; i < 10; i++) {
                j.append(new Entry("x", i));
            }
            j.rewrite(List.of(new Entry("x", 9)));
            j.append(new Entry("y", 10));
        }
        List<Entry> seen = new ArrayList<>();
        Journal.open(f, Entry.class, seen::add).close();
        assertThat(seen).containsExactly(new Entry("x", 9), new Entry("y", 10));
        assertThat(Files.exists(dir.resolve("j.ndjson.tmp"))).isFalse();
    }

    @Test
    void a_rewrite_begun_without_the_lock_keeps_what_was_appended_meanwhile_where_the_returned_shift_says() {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { })) {
            for (int i = 0; i < 6; i++) {
                j.append(new Entry("x", i));
            }
            Journal.Rewrite r = j.beginRewrite(j.size(), line -> line.contains("\"n\":5") ? line : null);
            assertThat(r.spans()).hasSize(1);
            // appended after the rewrite's end, before it is finished
            Journal.Span later = j.append(new Entry("y", 6), new Entry("y", 7)).get(1);
            long shift = j.finishRewrite(r);
            j.blank(List.of(new Journal.Span(later.offset() + shift, later.length()))); // where it lies now
            j.append(new Entry("z", 8));
        }
        List<Entry> seen = new ArrayList<>();
        Journal.open(f, Entry.class, seen::add).close();
        assertThat(seen).containsExactly(new Entry("x", 5), new Entry("y", 6), new Entry("z", 8));
        assertThat(Files.exists(dir.resolve("j.ndjson.compact.tmp"))).isFalse();
    }

    /** Channels as opened, except the {@code failing}-th open (counted from 1), which fails as a full table would. */
    private static java.util.function.UnaryOperator<FileChannel> failingOpen(int failing) {
        int[] opens = {0};
        return c -> {
            if (++opens[0] == failing) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // the failure is the point
                }
                throw new UncheckedIOException(new IOException("Too many open files"));
            }
            return c;
        };
    }

    @Test
    void a_compaction_whose_new_file_cannot_be_opened_leaves_the_journal_as_it_was_and_appends_go_on()
            throws Exception {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { }, failingOpen(2))) {
            for (int i = 0; i < 6; i++) {
                j.append(new Entry("x", i));
            }
            byte[] before = Files.readAllBytes(f);
            Journal.Rewrite r = j.beginRewrite(j.size(), line -> line.contains("\"n\":5") ? line : null);
            j.append(new Entry("y", 6)); // appended while the rewrite copied: copied over, then kept in the old file
            assertThatThrownBy(() -> j.finishRewrite(r)).isInstanceOf(UncheckedIOException.class);
            assertThat(Files.exists(dir.resolve("j.ndjson.compact.tmp"))).isFalse();
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8))
                    .startsWith(new String(before, StandardCharsets.UTF_8));
            j.append(new Entry("z", 7)); // still writable, without a restart
            j.rewrite(List.of(new Entry("x", 5), new Entry("y", 6), new Entry("z", 7))); // and compacts later
            j.append(new Entry("z", 8));
        }
        List<Entry> seen = new ArrayList<>();
        Journal.open(f, Entry.class, seen::add).close();
        assertThat(seen).containsExactly(new Entry("x", 5), new Entry("y", 6), new Entry("z", 7), new Entry("z", 8));
    }

    @Test
    void a_rewrite_whose_new_file_cannot_be_opened_keeps_every_record_once() {
        Path f = dir.resolve("j.ndjson");
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { }, failingOpen(2))) {
            j.append(new Entry("x", 1), new Entry("x", 2));
            assertThatThrownBy(() -> j.rewrite(List.of(new Entry("x", 2)))).isInstanceOf(UncheckedIOException.class);
            assertThat(Files.exists(dir.resolve("j.ndjson.tmp"))).isFalse();
            j.append(new Entry("x", 3));
        }
        List<Entry> seen = new ArrayList<>();
        Journal.open(f, Entry.class, seen::add).close();
        assertThat(seen).containsExactly(new Entry("x", 1), new Entry("x", 2), new Entry("x", 3));
    }

    /** A channel that writes only {@code budget} more bytes, then fails as a full disk does (after a short write). */
    static final class FullDisk extends FileChannel {
        private final FileChannel in;
        volatile long budget = Long.MAX_VALUE;
        volatile boolean failTruncate;

        FullDisk(FileChannel in) {
            this.in = in;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (budget <= 0) {
                throw new IOException("No space left on device");
            }
            if (src.remaining() > budget) {
                ByteBuffer part = src.slice(src.position(), (int) budget);
                int n = in.write(part);
                src.position(src.position() + n);
                budget -= n;
                return n;
            }
            int n = in.write(src);
            budget -= n;
            return n;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failTruncate) {
                throw new IOException("Input/output error");
            }
            in.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return in.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return in.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return in.position();
        }

        @Override
        public FileChannel position(long p) throws IOException {
            in.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return in.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            in.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return in.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return in.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return in.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return in.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return in.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            in.close();
        }
    }

    @Test
    void an_append_cut_short_by_a_full_disk_is_rolled_back_and_later_appends_stay_readable() {
        Path f = dir.resolve("j.ndjson");
        FullDisk[] disk = new FullDisk[1];
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { }, c -> disk[0] = new FullDisk(c))) {
            j.append(new Entry("a", 1));
            disk[0].budget = 7; // half of the next record fits
            assertThatThrownBy(() -> j.append(new Entry("b", 2), new Entry("c", 3)))
                    .isInstanceOf(UncheckedIOException.class);
            disk[0].budget = Long.MAX_VALUE; // room again
            j.append(new Entry("d", 4));
        }
        List<Entry> seen = new ArrayList<>();
        Journal.open(f, Entry.class, seen::add).close();
        assertThat(seen).containsExactly(new Entry("a", 1), new Entry("d", 4));
    }

    @Test
    void when_a_failed_append_cannot_be_cut_off_the_journal_refuses_appends_until_reopened() {
        Path f = dir.resolve("j.ndjson");
        FullDisk[] disk = new FullDisk[1];
        try (Journal<Entry> j = Journal.open(f, Entry.class, e -> { }, c -> disk[0] = new FullDisk(c))) {
            j.append(new Entry("a", 1));
            disk[0].budget = 7;
            disk[0].failTruncate = true;
            assertThatThrownBy(() -> j.append(new Entry("b", 2))).isInstanceOf(UncheckedIOException.class);
            disk[0].budget = Long.MAX_VALUE;
            assertThatThrownBy(() -> j.append(new Entry("c", 3)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("after a failed write");
        }
        List<Entry> seen = new ArrayList<>();
        try (Journal<Entry> j = Journal.open(f, Entry.class, seen::add)) { // drops the torn record
            j.append(new Entry("d", 4));
        }
        List<Entry> again = new ArrayList<>();
        Journal.open(f, Entry.class, again::add).close();
        assertThat(seen).containsExactly(new Entry("a", 1));
        assertThat(again).containsExactly(new Entry("a", 1), new Entry("d", 4));
    }
}
