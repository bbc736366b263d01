package dev.clientele.index;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An index whose next merge can be held at its first file until released: a merge of a large index, still running
 * when something else happens (an erasure, a stop).
 */
public final class HeldMerge {
    private final AtomicBoolean hold = new AtomicBoolean();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Opens the index in {@code dir} with its merges watched by this. */
    public CustomerIndex open(Path dir) {
        return CustomerIndex.open(dir, IndexSettings.DEFAULTS, this::watched);
    }

    /** Opens the index as a server does ({@link CustomerIndex#openDeferringReindex}), its merges watched by this. */
    public CustomerIndex openDeferringReindex(Path dir, IndexSettings settings) {
        return CustomerIndex.openDeferringReindex(dir, settings, this::watched);
    }

    private org.apache.lucene.store.Directory watched(org.apache.lucene.store.Directory d) {
        return new org.apache.lucene.store.FilterDirectory(d) {
            @Override
            public org.apache.lucene.store.IndexOutput createOutput(String name,
                    org.apache.lucene.store.IOContext context) throws java.io.IOException {
                if (context.context() == org.apache.lucene.store.IOContext.Context.MERGE && hold.getAndSet(false)) {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
                return super.createOutput(name, context);
            }
        };
    }

    /** Holds the next merge that writes a file. */
    public void holdNext() {
        hold.set(true);
    }

    /** Waits until a merge is held. */
    public void awaitHeld() throws InterruptedException {
        held.await();
    }

    /** Lets the held merge go on (and any later one: it holds once). */
    public void release() {
        release.countDown();
    }

    /** True when the thread waits (or sleeps) inside a method of one of these names. */
    public static boolean waitsIn(Thread t, String... methods) {
        if (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (java.util.List.of(methods).contains(e.getMethodName())) {
                return true;
            }
        }
        return false;
    }
}
