package dev.clientele.testing;

import dev.clientele.jobs.Jobs;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A job that holds its kind's queue until released (or for a minute at most), as a long import or scan does, so a
 * test can see the next job of that kind queued. Close it to release.
 */
public final class HeldJob implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);

    public HeldJob(Jobs jobs, String kind) {
        jobs.start(kind, p -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Lets the held job end, and the queue behind it move. */
    public void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release();
    }
}
