package dev.clientele.index;

/** Tunables of the index writer. */
public record IndexSettings(double ramBufferMb) {
    public static final IndexSettings DEFAULTS = new IndexSettings(128);

    public IndexSettings {
        if (ramBufferMb < 1 || ramBufferMb > 2048) {
            throw new IllegalArgumentException("ramBufferMb must be within 1..2048, was " + ramBufferMb);
        }
    }
}
