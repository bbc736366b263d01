package dev.clientele.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.dedup.DuplicateService;
import dev.clientele.ingest.ImportException;
import dev.clientele.ingest.ImportFormat;
import dev.clientele.ingest.ImportService;
import dev.clientele.ingest.NameOrder;
import dev.clientele.jobs.Job;
import dev.clientele.jobs.Jobs;
import dev.clientele.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/import} (CSV, NDJSON, vCard; multipart or raw body), import jobs with progress, and
 * single-customer export. The body is first spooled to a file under the data dir, so a long import runs as a job
 * while the client polls {@code GET /api/import/jobs/{id}}.
 */
final class ImportRoutes {

    private final ImportService service;
    private final dev.clientele.store.CustomerStore store;
    private final DuplicateService duplicates;
    private final Jobs jobs;
    private final AppConfig config;
    // Reports of recent import jobs, bounded like the job list itself (a report keeps up to 1,000 row errors).
    private final Map<String, ImportService.Result> results = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumSize(100).<String, ImportService.Result>build().asMap();
    private final Map<String, String> failures = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumSize(100).<String, String>build().asMap();

    private final Path spoolDir;
    private final KeptUploads uploads;

    ImportRoutes(ImportService service, dev.clientele.store.CustomerStore store, DuplicateService duplicates, Jobs jobs,
                 AppConfig config) {
        this.service = service;
        this.store = store;
        this.duplicates = duplicates;
        this.jobs = jobs;
        this.config = config;
        this.spoolDir = config.dataDir().resolve("spool");
        KeptUploads.clean(spoolDir); // the files of imports a crash or a stop interrupted
        this.uploads = new KeptUploads(spoolDir, Math.max(1, 2 * config.maxBulkBytes()));
    }

    void register(RoutesConfig routes) {
        routes.post("/api/import", this::importFile, Access.EDITOR);
        routes.get("/api/import/jobs/{id}", this::job, Access.EDITOR);
        routes.delete("/api/import/jobs/{id}", this::cancel, Access.EDITOR);
        routes.get("/api/customers/{id}/export", this::exportOne, Access.READER);
    }

    /** A job with its report once it is done. */
    record ImportJob(Job job, ImportService.Result result, String error) {
    }

    void importFile(Context ctx) throws Exception {
        Scopes.requireUnscoped(ctx, "import");
        // A misspelt parameter, or a yes/no that is neither, is a 400: read as absent or false, the check the user
        // asked for (dry_run) would become a real import.
        Params.only(ctx, "format", "charset", "name_order", "mapping", "check_duplicates", "dry_run", "wait",
                "upload");
        boolean dryRun = Params.bool(ctx, "dry_run", false);
        boolean wait = Params.bool(ctx, "wait", false);
        boolean checkDuplicates = Params.bool(ctx, "check_duplicates", false);
        String fileName = null;
        String mappingText = ctx.queryParam("mapping");
        Path spool = Files.createDirectories(spoolDir).resolve("import-" + System.nanoTime() + ".tmp");
        String contentType = Bodies.mediaType(ctx);
        if (!dryRun) {
            store.index().checkWritable("cannot import"); // before reading an upload that could not be stored
        }
        String owner = AccessGuard.principal(ctx) == null ? "" : AccessGuard.principal(ctx).id();
        String uploadId = ctx.queryParam("upload");
        KeptUploads.Kept kept = null;
        boolean keptFile = false; // the spool is a kept upload's file, which a dry run must leave in place
        try {
            if (uploadId != null && !uploadId.isBlank()) {
                kept = uploads.get(uploadId.strip(), owner).orElseThrow(() -> new UploadGoneException(uploadId));
                fileName = kept.fileName();
                contentType = kept.contentType();
                if (ctx.isMultipartFormData() && ctx.formParam("mapping") != null) {
                    mappingText = ctx.formParam("mapping");
                }
                if (dryRun) {
                    spool = kept.file();
                    keptFile = true;
                } else {
                    spool = uploads.take(kept, spool).orElseThrow(() -> new UploadGoneException(uploadId));
                }
            } else if (ctx.isMultipartFormData()) {
                UploadedFile file = ctx.uploadedFile("file");
                if (file == null) {
                    throw new BadRequestException("file", "the multipart body needs a part named 'file' (or give "
                            + "?upload= with the upload_id of a dry run)");
                }
                fileName = file.filename();
                contentType = file.contentType();
                if (ctx.formParam("mapping") != null) {
                    mappingText = ctx.formParam("mapping");
                }
                try (InputStream in = file.content()) {
                    copyBounded(in, spool);
                }
            } else {
                long declared = ctx.req().getContentLengthLong();
                if (declared > config.maxBulkBytes()) {
                    throw new PayloadTooLargeException("the file has " + declared + " bytes; the limit is "
                            + config.maxBulkBytes());
                }
                try (InputStream in = ctx.bodyInputStream()) {
                    copyBounded(in, spool);
                }
            }
            if (Files.size(spool) == 0) {
                throw new BadRequestException("file", "the file is empty");
            }
            ImportService.Options options = new ImportService.Options(format(ctx, fileName, contentType),
                    charset(ctx), nameOrder(ctx), mapping(mappingText), dryRun).withSpoolDir(spoolDir);
            if (dryRun) {
                ImportService.Result result;
                try (InputStream in = Files.newInputStream(spool)) {
                    result = service.run(in, options, ImportService.QUIET);
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException("mapping", e.getMessage());
                }
                // The checked file stays for the import (or another check) to name, instead of being sent again.
                String id = kept != null ? kept.id() : uploads.keep(spool, fileName, contentType, owner);
                keptFile = true;
                com.fasterxml.jackson.databind.node.ObjectNode answer = Json.MAPPER.valueToTree(result);
                answer.put("upload_id", id);
                ctx.json(answer);
                return;
            }
            // A file whose header or first record cannot be read is the caller's 400 now, like a dry run's: as a job
            // it failed only after waiting for the imports before it, and a bad mapping failed it as a crash.
            try (InputStream in = Files.newInputStream(spool)) {
                ImportService.checkStart(in, options);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("mapping", e.getMessage());
            }
            long size = Files.size(spool);
            Path file = spool;
            Job job = jobs.start("import", JobAccess.keyId(ctx), List.of(), progress -> {
                progress.total(size);
                progress.rateOf("rows_read");
                ImportService.Listener listener = new ImportService.Listener() {
                    private volatile boolean byRows;

                    @Override
                    public void bytesRead(long bytes) {
                        if (!byRows) {
                            progress.done(bytes);
                        }
                    }

                    @Override
                    public void rowsTotal(long rows) {
                        // A workbook is copied whole before its first row: its bytes would say 100 % at once.
                        byRows = true;
                        progress.total(rows);
                        progress.done(0);
                    }

                    @Override
                    public void rows(long read, long stored, long rejected) {
                        if (byRows) {
                            progress.done(read);
                        }
                        progress.set("rows_read", read);
                        progress.set("rows_stored", stored);
                        progress.set("rows_rejected", rejected);
                    }

                    @Override
                    public void stored(List<Customer> customers) {
                        progress.count("duplicate_pairs", duplicates.recordCandidates(customers));
                    }

                    @Override
                    public boolean wantsStored() {
                        return checkDuplicates;
                    }

                    @Override
                    public boolean cancelled() {
                        return progress.cancelled();
                    }
                };
                try (InputStream in = Files.newInputStream(file)) {
                    results.put(progress.id(), service.run(in, options, listener));
                } catch (ImportException e) {
                    if (e instanceof dev.clientele.ingest.ImportStoppedException stopped) {
                        results.put(progress.id(), stopped.partial()); // the rows before the problem are stored
                    }
                    failures.put(progress.id(), e.getMessage());
                    throw new Jobs.Refused(e); // its message may quote the file: for the caller, not the log
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // a stale spool file is removed at the next start
                    }
                }
            });
            if (wait) {
                Job done = jobs.await(job.id(), Duration.ofHours(1));
                ctx.json(new ImportJob(done, results.get(done.id()), failures.get(done.id())));
            } else {
                ctx.status(202).header("Location", "/api/import/jobs/" + job.id())
                        .json(new ImportJob(job, null, null));
            }
        } catch (RuntimeException | IOException e) {
            if (!keptFile) {
                Files.deleteIfExists(spool);
            }
            throw e;
        }
    }

    /** {@code ?upload=} names no upload this key has kept: it expired, was imported, or the server restarted. */
    static final class UploadGoneException extends RuntimeException {
        UploadGoneException(String id) {
            super("no kept upload '" + id + "': uploads are kept for " + KeptUploads.KEEP.toMinutes()
                    + " minutes after a dry run, until their import, and not across a restart; send the file again");
        }
    }

    void job(Context ctx) {
        String id = ctx.pathParam("id");
        Job job = importJob(ctx, id);
        ctx.json(new ImportJob(job, results.get(id), failures.get(id)));
    }

    /**
     * The import job with this id; 404 for none (or a job of another kind), 403 for a job another key started
     * (unless an admin asks): its report quotes rows of the file.
     */
    private Job importJob(Context ctx, String id) {
        Job job = jobs.get(id).filter(j -> j.kind().equals("import"))
                .orElseThrow(() -> new dev.clientele.dedup.ReviewNotFoundException("no import job " + id));
        JobAccess.requireOwnerOrAdmin(ctx, job.startedBy(), "import job " + id);
        return job;
    }

    /**
     * Cancels an import job: a queued one never runs; a running one stops before its next row, commits the rows it
     * has read and ends {@code cancelled} with their report. Answers the job as it is now ({@code 202} while it is
     * still stopping); cancelling a job that has ended changes nothing and answers it.
     */
    void cancel(Context ctx) {
        Scopes.requireUnscoped(ctx, "cancel an import");
        String id = ctx.pathParam("id");
        importJob(ctx, id);
        Job job = jobs.cancel(id).orElseThrow();
        ctx.status(job.state().ended() ? 200 : 202).json(new ImportJob(job, results.get(id), failures.get(id)));
    }

    void exportOne(Context ctx) throws IOException {
        Params.only(ctx, "format", "bom");
        Customer c = Scopes.visible(ctx, store.get(ctx.pathParam("id")));
        String format = Params.oneOf(ctx, "format", "ndjson", Set.of("csv", "ndjson", "vcf"));
        // A byte-order mark by default, as this file always had one (a list's export has none unless asked).
        boolean bom = Params.bool(ctx, "bom", true);
        if (!format.equals("csv") && ctx.queryParam("bom") != null) {
            throw new BadRequestException("bom", "bom applies to csv only");
        }
        ctx.header("Content-Disposition", "attachment; filename=\"customer-" + c.id() + "." + format + "\"");
        OutputStream out = ctx.outputStream();
        switch (format) {
            case "csv" -> {
                ctx.contentType("text/csv; charset=utf-8");
                // The id first, as in a list's export: the row names the customer it came from.
                List<String> columns = new java.util.ArrayList<>(List.of(dev.clientele.ingest.CsvExporter.ID_COLUMN));
                columns.addAll(dev.clientele.ingest.CsvExporter.ALL_COLUMNS);
                try (var w = dev.clientele.ingest.CsvExporter.open(out, columns, bom)) {
                    w.write(c);
                }
            }
            case "vcf" -> {
                ctx.contentType("text/vcard; charset=utf-8");
                try (var w = dev.clientele.ingest.VcardExporter.open(out)) {
                    w.write(c);
                }
            }
            default -> {
                ctx.contentType("application/x-ndjson; charset=utf-8");
                try (var w = dev.clientele.ingest.NdjsonExporter.open(out)) {
                    w.write(c);
                }
            }
        }
    }

    private void copyBounded(InputStream in, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > config.maxBulkBytes()) {
                    throw new PayloadTooLargeException("the file is larger than the limit of " + config.maxBulkBytes()
                            + " bytes");
                }
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    store.index().checkWritable("cannot spool the upload"); // a full disk: 507, not 500
                    throw e;
                }
            }
        }
    }

    private static ImportFormat format(Context ctx, String fileName, String contentType) {
        String f = ctx.queryParam("format");
        if (f != null && !f.isBlank()) {
            if (f.strip().equalsIgnoreCase("json")) { // the API also takes json for NDJSON
                return ImportFormat.NDJSON;
            }
            return ImportFormat.named(f).orElseThrow(() -> new BadRequestException("format",
                    "format must be csv, ndjson, vcard or xlsx"));
        }
        if (fileName != null && !fileName.isBlank()) {
            try {
                return ImportFormat.fromFileName(fileName);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("format", e.getMessage() + " (or give ?format=)");
            }
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("spreadsheetml")) {
            return ImportFormat.XLSX;
        }
        if (type.contains("csv") || type.contains("tab-separated")) {
            return ImportFormat.CSV;
        }
        if (type.contains("ndjson") || type.contains("jsonl") || type.contains("json")) {
            return ImportFormat.NDJSON;
        }
        if (type.contains("vcard") || type.contains("directory")) {
            return ImportFormat.VCARD;
        }
        throw new BadRequestException("format", "cannot tell the file format: give ?format=csv|ndjson|vcard|xlsx, a file "
                + "name, or a content type such as text/csv");
    }

    private static Charset charset(Context ctx) {
        String c = ctx.queryParam("charset");
        if (c == null || c.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(c.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new BadRequestException("charset", "unknown charset '" + c + "' (try UTF-8, windows-1250, "
                    + "windows-1251, windows-1252)");
        }
    }

    private static NameOrder nameOrder(Context ctx) {
        String o = Params.oneOf(ctx, "name_order", "", Set.of("given_first", "family_first"));
        return o.isEmpty() ? null : NameOrder.valueOf(o.toUpperCase(Locale.ROOT));
    }

    private static Map<String, String> mapping(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (!node.isObject()) {
                throw new IOException("not an object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            // null (or "") leaves the column out; asText() would have made it the field "null".
            node.fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().isNull() ? "" : e.getValue().asText()));
            return out;
        } catch (IOException e) {
            throw new BadRequestException("mapping", "mapping must be a JSON object of column header to field, "
                    + "e.g. {\"Vorname\":\"first_name\"}");
        }
    }
}
