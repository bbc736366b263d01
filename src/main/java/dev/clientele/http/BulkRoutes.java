package dev.clientele.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.ConflictException;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.customer.ValidationException;
import dev.clientele.customer.VersionConflictException;
import dev.clientele.dedup.DuplicateService;
import dev.clientele.dedup.MergedAwayException;
import dev.clientele.index.IndexException;
import dev.clientele.json.Json;
import dev.clientele.store.CustomerStore;
import dev.clientele.store.CustomerStore.BatchItem;
import dev.clientele.store.CustomerStore.BatchResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/customers/_bulk}: NDJSON in, one NDJSON result per non-blank input line out, in order.
 *
 * <p>Each line is an upsert (by {@code external_id} when it has one, else by {@code id}, else a create). Lines
 * are written in batches of {@code http.bulk_batch_size}; a batch's results are sent only after its commit, so a
 * result line with a 2xx status means that customer is durable. Bad lines are reported with their line number
 * and never stop the good ones.
 */
final class BulkRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(BulkRoutes.class);
    private static final Set<String> TYPES = Set.of("application/x-ndjson", "application/ndjson",
            "application/jsonl", "application/x-jsonlines", "application/json", "text/plain");

    private final CustomerStore store;
    private final DuplicateService duplicates;
    private final AppConfig config;

    BulkRoutes(CustomerStore store, DuplicateService duplicates, AppConfig config) {
        this.store = store;
        this.duplicates = duplicates;
        this.config = config;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/customers/_bulk", this::bulk, Access.EDITOR);
    }

    /** One line of the response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LineResult(int line, int status, String result, String id, String externalId, Long version,
                      Problem error) {
    }

    void bulk(Context ctx) throws IOException {
        dev.clientele.search.Scope scope = Scopes.of(ctx);
        String type = Bodies.mediaType(ctx);
        if (type != null && !TYPES.contains(type)) {
            throw new UnsupportedMediaTypeException("expected application/x-ndjson, got " + type);
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > config.maxBulkBytes()) {
            throw new PayloadTooLargeException("the body has " + declared + " bytes; the bulk limit is "
                    + config.maxBulkBytes());
        }
        ctx.status(200).contentType("application/x-ndjson; charset=utf-8");
        OutputStream out = ctx.outputStream();
        long total = 0;
        int lineNo = 0;
        List<Integer> lines = new ArrayList<>();
        List<BatchItem> items = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(ctx.bodyInputStream(), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            boolean more = true;
            while (more) {
                line.reset();
                int b;
                boolean tooLong = false;
                while ((b = in.read()) >= 0 && b != '\n') {
                    if (line.size() <= config.maxBodyBytes()) {
                        line.write(b);
                    } else {
                        tooLong = true;
                    }
                    total++;
                }
                more = b >= 0;
                total++;
                if (total > config.maxBulkBytes() + 1) {
                    write(out, new LineResult(lineNo + 1, 413, null, null, null, null,
                            Problem.of(413, "payload-too-large", "Content too large",
                                    "the body is longer than the bulk limit of " + config.maxBulkBytes()
                                            + " bytes; lines from here on were not read")));
                    break;
                }
                lineNo++;
                byte[] bytes = line.toByteArray();
                if (isBlank(bytes)) {
                    continue;
                }
                lines.add(lineNo);
                items.add(tooLong ? BatchItem.failed(new LineTooLongException(config.maxBodyBytes()))
                        : notMergedAway(inScope(parse(bytes), scope), scope));
                if (items.size() >= config.bulkBatchSize()) {
                    flush(out, lines, items);
                }
            }
            flush(out, lines, items);
        } catch (IndexException e) {
            // The response is already streaming, so the error goes into the stream: lines not yet answered were
            // not acknowledged and may be re-sent (upserts by external_id are idempotent). The error line names the
            // first of them: the failed batch's first line (a batch is answered whole or not at all).
            int firstUnanswered = lines.isEmpty() ? lineNo : lines.get(0);
            LOG.error("bulk write failed at line {} of {} read: {}", firstUnanswered, lineNo, e.getMessage());
            Problem problem = ErrorMapping.indexProblem(e);
            write(out, new LineResult(firstUnanswered, problem.status(), null, null, null, null, problem.withDetail(
                    problem.detail() + "; lines without a result were not stored")));
        }
        out.flush();
    }

    private void flush(OutputStream out, List<Integer> lines, List<BatchItem> items) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        List<BatchResult> results = store.writeBatch(items);
        for (int i = 0; i < results.size(); i++) {
            write(out, toLine(lines.get(i), results.get(i)));
        }
        out.flush();
        lines.clear();
        items.clear();
    }

    /**
     * For a key with a scope: a line that would update a customer outside it is not found (404), one whose new
     * state lies outside it is refused (403). Invalid lines are left to the store, which reports them as usual.
     */
    private BatchItem inScope(BatchItem item, dev.clientele.search.Scope scope) {
        if (scope.unrestricted() || item.customer() == null) {
            return item;
        }
        Customer c = item.customer();
        // A line may name its customer by id, by external id or both (then the id's customer is written): each one
        // it names must be within the scope.
        if (c.id() != null && store.find(c.id()).filter(e -> !scope.matches(e)).isPresent()) {
            return BatchItem.failed(new CustomerNotFoundException(c.id()));
        }
        if (c.externalId() != null
                && store.findByExternalId(c.externalId()).filter(e -> !scope.matches(e)).isPresent()) {
            return BatchItem.failed(new CustomerNotFoundException("with external_id " + c.externalId()));
        }
        dev.clientele.customer.ValidCustomer valid;
        try {
            valid = store.validator().check(c.withId(null));
        } catch (RuntimeException e) {
            return item;
        }
        if (!scope.matches(valid.customer())) {
            return BatchItem.failed(new dev.clientele.search.OutOfScopeException(
                    "this key may only write customers within its scope"));
        }
        // Without an id the line was validated as it will be written: the store need not check it again.
        return c.id() == null ? BatchItem.of(valid) : item;
    }

    /**
     * A line by external id (and no id) for a customer a merge removed: 410 naming the record that holds its data
     * now, as {@code PUT /api/customers/by-external-id/{external_id}} answers, rather than creating it again.
     */
    private BatchItem notMergedAway(BatchItem item, dev.clientele.search.Scope scope) {
        Customer c = item.customer();
        if (c == null || c.id() != null || c.externalId() == null) {
            return item;
        }
        MergedAwayException gone = duplicates.mergedAwayExternalId(c.externalId(), scope);
        return gone == null ? item : BatchItem.failed(gone);
    }

    private static BatchItem parse(byte[] bytes) {
        try {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            decoder.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return BatchItem.failed(new BadRequestException(null, "the line is not valid UTF-8"));
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                return BatchItem.failed(new BadRequestException(null, "the line must be a JSON object"));
            }
            return BatchItem.of(Json.MAPPER.treeToValue(node, Customer.class));
        } catch (JsonProcessingException e) {
            return BatchItem.failed(new JsonLineException(e));
        } catch (IOException e) {
            return BatchItem.failed(new BadRequestException(null, e.getMessage()));
        }
    }

    private static LineResult toLine(int line, BatchResult r) {
        if (r.error() == null) {
            Customer c = r.result().customer();
            int status = r.result().created() ? 201 : 200;
            return new LineResult(line, status, r.result().outcome().name().toLowerCase(java.util.Locale.ROOT),
                    c.id(), c.externalId(), c.version(), null);
        }
        return new LineResult(line, problemOf(r.error()).status(), null, null, null, null, problemOf(r.error()));
    }

    static Problem problemOf(RuntimeException e) {
        if (e instanceof ValidationException v) {
            return Problem.of(400, "validation-error", "Invalid customer", v.getMessage()).withErrors(
                    v.errors().stream().map(f -> Problem.Error.field(f.field(), f.message())).toList());
        }
        if (e instanceof JsonLineException j) {
            return ErrorMapping.fromJackson(j.cause);
        }
        if (e instanceof ConflictException c) {
            return ErrorMapping.conflict(c);
        }
        if (e instanceof CustomerNotFoundException) {
            return Problem.of(404, "not-found", "Not found", e.getMessage());
        }
        if (e instanceof VersionConflictException v) {
            return Problem.of(412, "version-conflict", "Precondition failed", v.getMessage())
                    .withCurrentVersion(v.currentVersion());
        }
        if (e instanceof dev.clientele.search.OutOfScopeException) {
            return Problem.of(403, "out-of-scope", "Outside the key's scope", e.getMessage());
        }
        if (e instanceof MergedAwayException m) {
            return Problem.of(410, "merged", "Gone", m.getMessage()).withMergedInto(m.survivorId(), m.mergeId());
        }
        if (e instanceof LineTooLongException) {
            return Problem.of(413, "payload-too-large", "Line too large", e.getMessage());
        }
        return Problem.of(400, "bad-request", "Bad request", e.getMessage());
    }

    private static void write(OutputStream out, LineResult r) throws IOException {
        out.write(Json.toBytes(r));
        out.write('\n');
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Carries a Jackson error of one line through the batch. */
    private static final class JsonLineException extends RuntimeException {
        final transient JsonProcessingException cause;

        JsonLineException(JsonProcessingException cause) {
            super(cause.getOriginalMessage());
            this.cause = cause;
        }
    }

    private static final class LineTooLongException extends RuntimeException {
        LineTooLongException(long max) {
            super("the line is longer than the limit of " + max + " bytes");
        }
    }
}
