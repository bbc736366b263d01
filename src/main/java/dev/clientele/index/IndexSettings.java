package dev.clientele.index;

import java.nio.file.Path;

/**
 * Tunables of the index.
 *
 * @param ramBufferMb IndexWriter RAM buffer
 * @param historyDir  where previous versions of customers are kept, or null to keep none
 */
public record IndexSettings(double ramBufferMb, Path historyDir) {
    public static final IndexSettings DEFAULTS = new IndexSettings(128, null);

    public IndexSettings {
        if (ramBufferMb < 1 || ramBufferMb > 2048) {
            throw new IllegalArgumentException("ramBufferMb must be within 1..2048, was " + ramBufferMb);
        }
    }

    public IndexSettings(double ramBufferMb) {
        this(ramBufferMb, null);
    }

    public IndexSettings withHistory(Path dir) {
        return new IndexSettings(ramBufferMb, dir);
    }
}
