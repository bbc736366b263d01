package dev.clientele.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.clientele.customer.ConflictException;
import dev.clientele.customer.CustomerNotFoundException;
import dev.clientele.customer.ValidationException;
import dev.clientele.customer.VersionConflictException;
import dev.clientele.index.IndexException;
import dev.clientele.search.InvalidSearchException;
import dev.clientele.json.Json;
import dev.clientele.ops.BackupDamagedException;
import dev.clientele.ops.BackupNotFoundException;
import dev.clientele.security.ForbiddenException;
import dev.clientele.security.KeyNotFoundException;
import dev.clientele.security.LastAdminKeyException;
import dev.clientele.security.UnauthenticatedException;
import dev.clientele.search.InvalidSearchException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationError;
import java.io.CharConversionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every exception to an RFC 9457 problem response, registered once. Handlers never catch: a domain
 * exception thrown anywhere below becomes the right status here. Unexpected exceptions become a 500 whose body
 * carries only a request id; the cause is logged with that id (and without request data, which may be personal).
 */
public final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(UnauthenticatedException.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"clientele\"");
            send(ctx, Problem.of(401, "unauthorized", "Unauthorized", e.getMessage()));
        });
        routes.exception(ForbiddenException.class, (e, ctx) -> send(ctx,
                Problem.of(403, "forbidden", "Forbidden", e.getMessage())));
        routes.exception(dev.clientele.search.OutOfScopeException.class, (e, ctx) -> send(ctx,
                Problem.of(403, "out-of-scope", "Outside the key's scope", e.getMessage())));
        routes.exception(KeyNotFoundException.class, (e, ctx) -> send(ctx,
                Problem.of(404, "not-found", "Not found", e.getMessage())));
        routes.exception(LastAdminKeyException.class, (e, ctx) -> send(ctx,
                Problem.of(409, "conflict", "Conflict", e.getMessage())));
        routes.exception(BackupNotFoundException.class, (e, ctx) -> send(ctx,
                Problem.of(404, "not-found", "Not found", e.getMessage())));
        routes.exception(BackupDamagedException.class, (e, ctx) -> send(ctx,
                Problem.of(422, "backup-damaged", "Backup damaged", e.getMessage())));
        routes.exception(dev.clientele.ops.BackupDirUnavailableException.class, (e, ctx) -> send(ctx,
                Problem.of(503, "backup-dir-unavailable", "Backup directory unavailable", e.getMessage())));
        routes.exception(ValidationException.class, (e, ctx) -> send(ctx,
                Problem.of(400, "validation-error", "Invalid customer", e.getMessage())
                        .withErrors(e.errors().stream().map(f -> Problem.Error.field(f.field(), f.message())).toList())));
        routes.exception(BadRequestException.class, (e, ctx) -> send(ctx,
                Problem.of(400, "bad-request", "Bad request", e.getMessage())
                        .withErrors(e.field() == null ? null : List.of(Problem.Error.field(e.field(), e.getMessage())))));
        routes.exception(InvalidSearchException.class, (e, ctx) -> send(ctx,
                Problem.of(400, "invalid-search", "Invalid search", e.getMessage())
                        .withErrors(e.field() == null ? null : List.of(Problem.Error.field(e.field(), e.getMessage())))));
        routes.exception(io.javalin.validation.ValidationException.class, (e, ctx) -> {
            List<Problem.Error> errors = new ArrayList<>();
            for (Map.Entry<String, List<ValidationError<Object>>> en : e.getErrors().entrySet()) {
                for (ValidationError<Object> ve : en.getValue()) {
                    errors.add(Problem.Error.field(en.getKey(), ve.getMessage()));
                }
            }
            send(ctx, Problem.of(400, "bad-request", "Bad request", "invalid parameter").withErrors(errors));
        });
        routes.exception(CustomerNotFoundException.class, (e, ctx) -> send(ctx,
                Problem.of(404, "not-found", "Not found", e.getMessage())));
        routes.exception(dev.clientele.dedup.MergedAwayException.class, (e, ctx) -> send(ctx,
                Problem.of(410, "merged", "Gone", e.getMessage()).withMergedInto(e.survivorId(), e.mergeId())));
        routes.exception(VersionConflictException.class, (e, ctx) -> send(ctx,
                Problem.of(412, "version-conflict", "Precondition failed", e.getMessage())
                        .withCurrentVersion(e.currentVersion())));
        routes.exception(dev.clientele.dedup.ReviewNotFoundException.class, (e, ctx) -> send(ctx,
                Problem.of(404, "not-found", "Not found", e.getMessage())));
        routes.exception(ImportRoutes.UploadGoneException.class, (e, ctx) -> send(ctx,
                Problem.of(404, "upload-not-found", "Upload not found", e.getMessage())));
        routes.exception(dev.clientele.dedup.MergeConflictException.class, (e, ctx) -> send(ctx,
                Problem.of(409, "conflict", "Conflict", e.getMessage())));
        routes.exception(dev.clientele.ingest.ImportException.class, (e, ctx) -> send(ctx,
                Problem.of(400, "unreadable-file", "Unreadable file", e.getMessage())
                        .withErrors(List.of(new Problem.FileError(e.row() > 0 ? e.row() : null, e.column(),
                                e.getMessage())))));
        routes.exception(dev.clientele.security.TooManyRequestsException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            send(ctx, Problem.of(429, "too-many-requests", "Too many requests", e.getMessage()));
        });
        routes.exception(StartingException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(StartingException.RETRY_AFTER_SECONDS));
            send(ctx, Problem.of(503, "starting", "Starting", e.getMessage()));
        });
        routes.exception(DuplicateFoundException.class, (e, ctx) -> send(ctx,
                Problem.of(409, "duplicate-found", "Possible duplicate", e.getMessage()).withDuplicates(e.duplicates())));
        routes.exception(ConflictException.class, (e, ctx) -> send(ctx, conflict(e)));
        routes.exception(PayloadTooLargeException.class, (e, ctx) -> {
            if (!Bodies.discardRest(ctx, DISCARD_LIMIT)) {
                ctx.header("Connection", "close");
            }
            send(ctx, Problem.of(413, "payload-too-large", "Content too large", e.getMessage()));
        });
        routes.exception(UnsupportedMediaTypeException.class, (e, ctx) -> send(ctx,
                Problem.of(415, "unsupported-media-type", "Unsupported media type", e.getMessage())));
        routes.exception(JsonProcessingException.class, (e, ctx) -> send(ctx, fromJackson(e)));
        routes.exception(CharConversionException.class, (e, ctx) -> send(ctx,
                Problem.of(400, "malformed-json", "Malformed JSON", "the body is not valid UTF-8")));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e instanceof io.javalin.http.MethodNotAllowedResponse) {
                allow(ctx, e.getDetails());
            }
            send(ctx, Problem.of(e.getStatus(), slug(e.getStatus()), e.getMessage(), e.getMessage()));
        });
        routes.exception(IndexException.class, (e, ctx) -> {
            if (!Bodies.discardRest(ctx, DISCARD_LIMIT)) { // an upload refused before it was read
                ctx.header("Connection", "close");
            }
            send(ctx, indexProblem(e));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString();
            LOG.error("unexpected failure, request {} {} {}", id, ctx.method(), routeOf(ctx), e);
            send(ctx, Problem.of(500, "internal-error", "Internal server error",
                    "an unexpected error occurred (request " + id + ")"));
        });
        routes.error(404, ctx -> {
            if (isEmpty(ctx)) {
                send(ctx, Problem.of(404, "not-found", "Not found", "no such resource: " + ctx.method() + " "
                        + ctx.path()));
            }
        });
        routes.error(405, ctx -> {
            if (isEmpty(ctx)) {
                send(ctx, Problem.of(405, "method-not-allowed", "Method not allowed",
                        ctx.method() + " is not allowed here"));
            }
        });
    }

    /**
     * Sets {@code Allow} on a 405 (RFC 9110 requires it) from the methods Javalin found routes for, with HEAD wherever
     * GET is ({@link HeadAsGet} answers it).
     */
    private static void allow(Context ctx, Map<String, String> details) {
        String found = details.getOrDefault("availableMethods", details.get("Available methods"));
        if (found == null || found.isBlank()) {
            return;
        }
        List<String> methods = new ArrayList<>(List.of(found.split(",\\s*")));
        if (methods.contains("GET") && !methods.contains("HEAD")) {
            methods.add(methods.indexOf("GET") + 1, "HEAD");
        }
        ctx.header("Allow", String.join(", ", methods));
    }

    private static boolean isEmpty(Context ctx) {
        String r = ctx.result();
        return r == null || r.isEmpty() || !String.valueOf(ctx.res().getContentType()).contains("json");
    }

    /** Writes a problem response. */
    /** How much of a refused body is read and dropped so the client sees the 413 (beyond it, the connection closes). */
    private static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    static void send(Context ctx, Problem p) {
        ctx.status(p.status());
        ctx.contentType(Problem.CONTENT_TYPE);
        // Bytes, not a String: Javalin would encode a String in the servlet's charset, ISO-8859-1 for this media type,
        // so "Márton" in a 409's candidates arrived as invalid UTF-8.
        ctx.result(Json.toBytes(p.instance() == null ? p.withInstance(ctx.path()) : p));
    }

    static String routeOf(Context ctx) {
        try {
            // The matched route, not ctx.endpoint(): in an after-handler that is the filter itself ("*").
            io.javalin.router.Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e == null ? "(unmatched)" : e.path;
        } catch (RuntimeException e) {
            return "(unmatched)";
        }
    }

    /** A 409; the refusal of an erased person's identifier names the field that carries it. */
    static Problem conflict(ConflictException e) {
        Problem p = Problem.of(409, "conflict", "Conflict", e.getMessage());
        return e instanceof dev.clientele.customer.ErasedPersonException erased
                ? p.withErrors(List.of(Problem.Error.field(erased.field(), "an identifier of an erased person")))
                : p;
    }

    static Problem fromJackson(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        // A body converted from a tree (PATCH, an NDJSON line) has no location: -1, which says nothing.
        String where = loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        if (e instanceof StreamConstraintsException) {
            return Problem.of(400, "malformed-json", "JSON too large or too deep", e.getOriginalMessage() + where);
        }
        if (e instanceof JsonParseException) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.contains("UTF-8")) {
                return Problem.of(400, "malformed-json", "Malformed JSON", "the body is not valid UTF-8" + where);
            }
            return Problem.of(400, "malformed-json", "Malformed JSON", firstLine(msg) + where);
        }
        if (e instanceof JsonMappingException m) {
            String path = path(m);
            String message;
            if (m instanceof UnrecognizedPropertyException u) {
                message = "unknown field '" + u.getPropertyName() + "'";
            } else if (m instanceof InvalidFormatException f && !Json.isScalarForText(f)) {
                message = "has an invalid value " + Json.toString(f.getValue())
                        + (f.getTargetType() != null && f.getTargetType().isEnum()
                            ? " (expected one of " + enumValues(f.getTargetType()) + ")" : "")
                        + (f.getTargetType() != null && f.getTargetType().getName().startsWith("java.time")
                            ? " (expected an ISO-8601 date such as 2024-05-31)" : "");
            } else if (m instanceof MismatchedInputException mi) {
                message = "has the wrong type" + (mi.getTargetType() == null ? ""
                        : " (expected " + typeName(mi.getTargetType()) + ")");
            } else {
                message = firstLine(m.getOriginalMessage());
            }
            if (m.getCause() instanceof dev.clientele.customer.ValidationException ve) {
                message = ve.getMessage();
            } else if (m.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                message = iae.getMessage();
            }
            Problem p = Problem.of(400, "validation-error", "Invalid JSON value",
                    (path.isEmpty() ? "body" : path) + ": " + message + where);
            return p.withErrors(List.of(Problem.Error.field(path, message)));
        }
        return Problem.of(400, "malformed-json", "Malformed JSON", firstLine(e.getOriginalMessage()) + where);
    }

    /** The JSON path of a mapping error, e.g. {@code address.country} or {@code emails[1]}. */
    static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isRecord()) {
            return "an object";
        }
        return type.getSimpleName();
    }

    private static String enumValues(Class<?> type) {
        return String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).toList());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The problem type of an HTTP status that no route's own mapping names (Javalin's and Jetty's answers). */
    static String slug(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            default -> status >= 500 ? "internal-error" : "bad-request";
        };
    }

    /**
     * The answer to a failed index operation: 507 while the disk is nearly full (writes come back by themselves),
     * 503 otherwise (read-only until the disk works again, or a failure that may pass). The log gets the details and a request
     * id the answer names; the answer gets no paths.
     */
    static Problem indexProblem(IndexException e) {
        String id = UUID.randomUUID().toString();
        if (e.reason() == IndexException.Reason.NO_SPACE) {
            LOG.warn("write refused, request {}: {}", id, e.getMessage());
            return Problem.of(507, "insufficient-storage", "Insufficient storage", "the disk holding the customer "
                    + "index is nearly full, so writes are refused until there is room again (index.min_free_disk_mb); "
                    + "nothing acknowledged is lost, reads work, and writes resume by themselves once space is freed; "
                    + "see /api/health (request " + id + ")");
        }
        LOG.error("index failure, request {}", id, e);
        return Problem.of(503, "index-unavailable", "Index unavailable", e.readOnly()
                ? "the customer index is read-only after a failure of its disk, such as a full disk; nothing "
                + "acknowledged is lost, reads work, and writes resume by themselves once the disk works again "
                + "(the index writer is reopened at the next write or health check); see /api/health (request "
                + id + ")"
                : "the customer index could not complete the request (request " + id + ")");
    }
}
