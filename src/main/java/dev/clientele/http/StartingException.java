package dev.clientele.http;

/**
 * The server listens but has not finished starting (a re-index after a schema change, recovery): 503 with
 * {@code Retry-After}, for every route but health, readiness and the API description.
 */
final class StartingException extends RuntimeException {
    static final long RETRY_AFTER_SECONDS = 5;

    StartingException() {
        super("the server is starting (for example re-indexing the customers after an upgrade) and answers once it "
                + "is ready; try again shortly; /api/health shows how far it is");
    }
}
