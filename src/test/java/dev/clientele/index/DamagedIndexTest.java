package dev.clientele.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerIds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An index that cannot be opened is refused with the reason, and never replaced by an empty one. */
class DamagedIndexTest {
    @TempDir
    Path dir;
    Path indexDir;
    Path historyDir;

    @BeforeEach
    void fill() {
        indexDir = dir.resolve("index");
        historyDir = dir.resolve("history");
        try (CustomerIndex index = CustomerIndex.open(indexDir, IndexSettings.DEFAULTS.withHistory(historyDir))) {
            for (int i = 0; i < 50; i++) {
                Customer c = Customer.person("Anna", "Kovács" + i)
                        .withIdentity(CustomerIds.newId(), Instant.now(), Instant.now(), 1);
                index.awaitDurable(index.put(c, null, c)); // the previous version goes to the history
            }
        }
    }

    private static List<Path> files(Path d, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    @Test
    void an_index_whose_commit_point_is_gone_is_refused_and_its_segment_files_are_kept() throws IOException {
        List<Path> segments = files(indexDir, "_");
        assertThat(segments).isNotEmpty();
        for (Path p : files(indexDir, "segments_")) {
            Files.delete(p);
        }

        assertThatThrownBy(() -> CustomerIndex.open(indexDir))
                .isInstanceOf(IndexException.class)
                .hasMessageContaining("damaged")
                .hasMessageContaining("clientele restore")
                .satisfies(e -> assertThat(((IndexException) e).reason()).isEqualTo(IndexException.Reason.DAMAGED));
        // Lucene alone would have started an empty index here and deleted these as unreferenced.
        assertThat(segments).allSatisfy(p -> assertThat(p).exists());
    }

    @Test
    void a_history_whose_commit_point_is_gone_is_refused_too() throws IOException {
        for (Path p : files(historyDir, "segments_")) {
            Files.delete(p);
        }
        assertThatThrownBy(() -> CustomerIndex.open(indexDir, IndexSettings.DEFAULTS.withHistory(historyDir)))
                .isInstanceOf(IndexException.class)
                .satisfies(e -> assertThat(((IndexException) e).reason()).isEqualTo(IndexException.Reason.DAMAGED));
        assertThat(files(historyDir, "_")).isNotEmpty();
        try (CustomerIndex index = CustomerIndex.open(indexDir)) { // the customers themselves are fine
            assertThat(index.count()).isEqualTo(50);
        }
    }

    @Test
    void a_commit_point_with_a_flipped_byte_is_refused_as_damaged() throws IOException {
        Path commit = files(indexDir, "segments_").get(0);
        try (FileChannel ch = FileChannel.open(commit, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            long at = ch.size() / 2;
            ch.read(b, at);
            b.put(0, (byte) ~b.get(0)).rewind();
            ch.write(b, at);
        }

        assertThatThrownBy(() -> CustomerIndex.open(indexDir))
                .isInstanceOf(IndexException.class)
                .satisfies(e -> assertThat(((IndexException) e).reason()).isEqualTo(IndexException.Reason.DAMAGED));
    }

    @Test
    void an_index_another_process_holds_is_refused_as_in_use() {
        try (CustomerIndex first = CustomerIndex.open(indexDir)) {
            assertThatThrownBy(() -> CustomerIndex.open(indexDir))
                    .isInstanceOf(IndexException.class)
                    .hasMessageContaining("in use")
                    .satisfies(e -> assertThat(((IndexException) e).reason()).isEqualTo(IndexException.Reason.IN_USE));
            assertThat(first.count()).isEqualTo(50);
        }
    }
}
