package dev.clientele.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

/** Makes a closed index look as if an older release had written it, so its next open re-indexes it. */
public final class OldSchema {
    private OldSchema() {
    }

    /** Records the schema version before the current one in the commit data of the (closed) index at {@code dir}. */
    public static void mark(Path dir) {
        try (FSDirectory d = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig(Analyzers.indexAnalyzer())
                     .setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
            Map<String, String> data = new HashMap<>();
            w.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
            data.put(CustomerIndex.SCHEMA_VERSION_KEY, Integer.toString(CustomerSchema.SCHEMA_VERSION - 1));
            w.setLiveCommitData(data.entrySet());
            w.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
