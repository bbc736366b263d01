package dev.clientele.index;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Keeps writes off a nearly full disk. Lucene closes its writer for good when it cannot write a segment (see
 * {@link CustomerIndex#writeFailure()}): the writes it had not committed are lost (never acknowledged), and writes
 * stop until it is reopened. So the index refuses new writes a
 * little before that: while the disk holding it has less than {@code minFree} bytes usable, a write fails with
 * {@link IndexException.Reason#NO_SPACE}, and writes are accepted again, without a restart, once there is room.
 * Writes already accepted are still committed. The free space is read at most once a second.
 */
final class DiskSpace {
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final long minFree;
    private final LongSupplier usable;
    private final long recheckNanos;
    private volatile long checkedAt;
    private volatile long free;
    private volatile boolean checked;

    /** @param recheckNanos how long a reading of {@code usable} is trusted */
    DiskSpace(long minFree, LongSupplier usable, long recheckNanos) {
        this.minFree = minFree;
        this.usable = usable;
        this.recheckNanos = recheckNanos;
    }

    /** Watches the disk (file store) that holds {@code path}; {@code minFree} 0 turns the check off. */
    static DiskSpace of(Path path, long minFree) throws IOException {
        if (minFree <= 0) {
            return new DiskSpace(0, () -> Long.MAX_VALUE, RECHECK_NANOS);
        }
        FileStore store = Files.getFileStore(path);
        return new DiskSpace(minFree, () -> {
            try {
                return store.getUsableSpace();
            } catch (IOException e) {
                return Long.MAX_VALUE; // cannot tell: let the write try, as without a check
            }
        }, RECHECK_NANOS);
    }

    long minFree() {
        return minFree;
    }

    /** The bytes usable on the disk when they are fewer than the minimum, else empty. */
    OptionalLong shortage() {
        return shortage(false);
    }

    /** As {@link #shortage()}; {@code fresh} reads the disk now instead of using a reading up to a second old. */
    OptionalLong shortage(boolean fresh) {
        if (minFree <= 0) {
            return OptionalLong.empty();
        }
        long now = System.nanoTime();
        if (fresh || !checked || now - checkedAt >= recheckNanos) {
            free = usable.getAsLong();
            checkedAt = now;
            checked = true;
        }
        long f = free;
        return f < minFree ? OptionalLong.of(f) : OptionalLong.empty();
    }

    /** Throws {@link IndexException.Reason#NO_SPACE} while the disk is short of room. */
    void check(String what) {
        check(what, false);
    }

    void check(String what, boolean fresh) {
        OptionalLong f = shortage(fresh);
        if (f.isPresent()) {
            throw new IndexException(what + ": " + describe(f.getAsLong()), null, IndexException.Reason.NO_SPACE);
        }
    }

    /** The bytes usable on the disk now (a fresh reading; {@code Long.MAX_VALUE} when the check is off). */
    long usableNow() {
        return usable.getAsLong();
    }

    /**
     * Whether {@code bytes} more can be written and still leave the minimum free (always, when the check is off):
     * for a merge, which writes its new segment before the old ones are deleted.
     */
    boolean hasRoomFor(long bytes) {
        return minFree <= 0 || usableNow() - bytes >= minFree;
    }

    /** Why writes are refused, for messages and the health document. */
    String describe(long usableBytes) {
        return "the disk holding the index has " + mb(usableBytes) + " free, less than the " + mb(minFree)
                + " kept free so the index never runs out of room mid-write; writes are refused until there is "
                + "room again (nothing acknowledged is lost)";
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
    }
}
