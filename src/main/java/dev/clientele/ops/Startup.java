package dev.clientele.ops;

import java.util.concurrent.CompletableFuture;

/**
 * Whether the server has finished starting: it listens at once, but the index may first have to be re-indexed
 * after a schema change (minutes at a million customers), demo customers loaded, interrupted merges finished and
 * erasures re-applied. Until then the API answers 503 (except health, readiness and the API description).
 * Thread-safe.
 */
public final class Startup {
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** True once start-up has finished without failing. */
    public boolean ready() {
        return done.isDone() && !done.isCompletedExceptionally();
    }

    /** Start-up has finished: the API serves. */
    public void finished() {
        done.complete(null);
    }

    /** Start-up failed (the server stops). */
    public void failed(Throwable cause) {
        done.completeExceptionally(cause);
    }

    /** Completes when start-up has finished, exceptionally when it failed. */
    public CompletableFuture<Void> done() {
        return done;
    }
}
