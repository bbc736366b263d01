package dev.clientele.cli;

import dev.clientele.config.AppConfig;
import dev.clientele.dedup.DuplicatePairs;
import dev.clientele.dedup.DuplicateService;
import dev.clientele.dedup.MatchConfigs;
import dev.clientele.dedup.MatchScorer;
import dev.clientele.dedup.PairRescorer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexException;
import dev.clientele.index.IndexSettings;
import dev.clientele.ingest.CsvImporter;
import dev.clientele.ingest.ImportException;
import dev.clientele.ingest.ImportFormat;
import dev.clientele.ingest.ImportReport;
import dev.clientele.ingest.ImportService;
import dev.clientele.ingest.NameOrder;
import dev.clientele.ingest.RowError;
import dev.clientele.privacy.Tombstones;
import dev.clientele.store.CustomerStore;
import dev.clientele.text.Nicknames;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clientele import FILE}: imports CSV, NDJSON or vCard into the data directory, with a progress bar. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import customers from a CSV, NDJSON or vCard file (upsert by external_id). "
                + "Exit code 0: all rows stored; 3: some rows rejected; 2: the file could not be read; "
                + "4: the index stopped accepting writes midway (e.g. a full disk; rows stored before stay). "
                + "Ctrl+C stops after the rows read so far, which are stored; re-run to finish.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the file (.csv, .tsv, .xlsx, .ndjson, .jsonl, .vcf)")
    Path file;

    @Option(names = "--data", description = "data directory (default from config: index-data/)")
    Path data;

    @Option(names = "--config", description = "config file (default config/clientele.yaml)")
    Path config;

    @Option(names = "--format", description = "csv, ndjson, vcard or xlsx (default: from the file name)")
    String format;

    @Option(names = "--charset", defaultValue = "UTF-8",
            description = "file encoding, e.g. windows-1250 (default ${DEFAULT-VALUE}; a CSV file that is not UTF-8 "
                    + "is read in the Windows code page its bytes show, with a warning)")
    Charset charset;

    @Option(names = "--name-order", description = "given_first or family_first, for a single full-name column")
    String nameOrder;

    @Option(names = "--mapping", split = ",", description = "column mapping, e.g. Vorname=first_name,PLZ=postal_code")
    Map<String, String> mapping = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "read and validate only; write nothing")
    boolean dryRun;

    @Option(names = "--batch-size", defaultValue = "" + ImportService.FILE_BATCH_SIZE,
            description = "rows written per commit (default ${DEFAULT-VALUE}); rows count as stored after their commit")
    int batchSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AppConfig cfg = ServeCommand.Options.config(config, null, data, null);
        // Mistakes in the options and a file that cannot be read are one line on stderr and exit 2, checked before
        // the index is opened; never a stack trace.
        PrintWriter err = spec.commandLine().getErr();
        ImportFormat f;
        try {
            f = format == null ? ImportFormat.fromFileName(file.getFileName().toString()) : format(format);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        NameOrder order;
        try {
            order = nameOrder == null ? null
                    : NameOrder.valueOf(nameOrder.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            err.println("--name-order must be given_first or family_first, was '" + nameOrder + "'");
            return 2;
        }
        try {
            new CsvImporter.Options(charset, order, mapping);
        } catch (IllegalArgumentException e) {
            err.println("--mapping: " + e.getMessage());
            return 2;
        }
        if (batchSize < 1) {
            err.println("--batch-size must be at least 1, was " + batchSize);
            return 2;
        }
        String unreadable = unreadable(file);
        if (unreadable != null) {
            err.println("cannot read " + file + ": " + unreadable);
            return 2;
        }
        long size = Files.size(file);
        java.nio.file.Path spool = cfg.dataDir().resolve("spool"); // an Excel workbook's copy, removed after
        // A file whose start cannot be read (no usable header, not a workbook) is refused before the index is opened
        // (or created).
        try (InputStream in = Files.newInputStream(file)) {
            ImportService.checkStart(in, new ImportService.Options(f, charset, order, mapping, true)
                    .withSpoolDir(spool));
        } catch (ImportException | IllegalArgumentException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        CustomerIndex index;
        try {
            index = CustomerIndex.open(cfg.indexDir(),
                    new IndexSettings(Math.max(cfg.ramBufferMb(), IndexSettings.IMPORT_RAM_BUFFER_MB))
                            .withMinFreeBytes(cfg.minFreeDiskBytes()).withCurrency(cfg.currency()));
        } catch (IndexException e) {
            err.println("cannot open the index at " + cfg.indexDir() + ": " + e.getMessage());
            if (e.reason() == IndexException.Reason.IN_USE) {
                err.println("If a server runs on this data directory, stop it, or import over HTTP: POST /api/import");
            }
            return 2;
        }
        long start = System.nanoTime();
        ProgressBar progress = new ProgressBar(System.err, size, start);
        // Ctrl+C (or a TERM) stops the import before its next row: what was read is committed and reported, rather
        // than the last batch read being dropped unreported. The hook waits for that (the JVM exits after it).
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread stopHook = new Thread(() -> {
            progress.stop = true;
            try {
                finished.await(5, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "clientele-import-stop");
        Runtime.getRuntime().addShutdownHook(stopHook);
        // Merges recorded by duplicate review: a row for a customer a merge removed is refused, not created again.
        Path review = cfg.dataDir().resolve("dedup").resolve("review.ndjson");
        // Erased people (GDPR): a row carrying one's e-mail, phone or external id is refused, as the server does;
        // the server's start erases only tombstoned ids again, so a person imported here would stay.
        Path erased = cfg.dataDir().resolve("tombstones.ndjson");
        try (index; InputStream in = Files.newInputStream(file);
             DuplicatePairs pairs = Files.exists(review) ? DuplicatePairs.open(review, Clock.systemUTC()) : null;
             Tombstones tombstones = Files.exists(erased) ? Tombstones.open(erased) : null) {
            if (!dryRun) {
                index.checkWritable("cannot import"); // a disk already short of room: say so before reading
            }
            CustomerStore store = new CustomerStore(index);
            if (tombstones != null) {
                store.refuseErased(tombstones::matchedField);
            }
            PairRescorer rescorer = pairs == null ? null
                    : new PairRescorer(store, new MatchScorer(MatchConfigs.from(cfg.dedup()), Nicknames.load()), pairs);
            if (rescorer != null) {
                // Pending review pairs follow their customers' changes, as they do in the server.
                store.onChange(rescorer);
            }
            ImportService service = new ImportService(store, batchSize, pairs == null ? ImportService.MergedAway.NONE
                    : externalId -> DuplicateService.importRefusal(store, pairs, externalId));
            ImportService.Result result = service.run(in, new ImportService.Options(f, charset, order, mapping, dryRun)
                    .withSpoolDir(spool), progress);
            System.err.println();
            String rescoredNote = null;
            if (rescorer != null && !dryRun && !result.cancelled() && rescorer.rulesChanged()) {
                // The pairs this import changed were scored under the current rules, the others under the ones the
                // journal records: all are scored again and the rules recorded, as a server start does, so the next
                // start has nothing left to rescore.
                int pending = pairs.pendingIds().size();
                try {
                    DuplicatePairs.Rescored again = rescorer.rescoreAll();
                    if (pending > 0) {
                        rescoredNote = String.format("%d review pairs scored under other matching rules or dedup "
                                + "settings were scored again: %d changed, %d no longer duplicates", pending,
                                again.rescored(), again.dropped());
                    }
                } catch (RuntimeException e) {
                    // The rows are stored; the rules stay unrecorded, so the next server start does it.
                    rescoredNote = "scoring the review pairs under the current matching rules stopped (the next "
                            + "server start does it): " + e.getMessage();
                }
            }
            ImportReport r = result.report();
            System.out.printf("%s%s%d rows read, %d %s, %d rejected in %.1f s%n", dryRun ? "dry run: " : "",
                    result.cancelled() ? "interrupted: " : "", r.rows(), r.imported(), dryRun ? "valid" : "stored",
                    r.rejected(), (System.nanoTime() - start) / 1e9);
            if (rescoredNote != null) {
                System.out.println(rescoredNote);
            }
            if (result.cancelled() && !dryRun) {
                System.out.println("the rows above are stored; re-run the same command to import the rest (rows "
                        + "with an external_id are updated, not duplicated)");
            }
            if (!result.mapping().isEmpty()) {
                System.out.println("columns: " + result.mapping()
                        + (result.unmappedColumns().isEmpty() ? "" : ", ignored: " + result.unmappedColumns()));
            }
            List<RowError> errors = r.errors();
            for (RowError e : errors.subList(0, Math.min(50, errors.size()))) {
                System.out.println("  " + e);
            }
            if (r.errorCount() > 50) {
                System.out.println("  … and " + (r.errorCount() - 50) + " more errors");
            }
            // What was read but changed or left out (a birthday without a year, a postal code given back its zero);
            // the ignored columns are on the "columns:" line already.
            List<RowError> warnings = r.warnings().stream()
                    .filter(w -> !(w.row() == 1 && result.unmappedColumns().contains(w.column()))).toList();
            for (RowError w : warnings.subList(0, Math.min(20, warnings.size()))) {
                System.out.println("  warning: " + w);
            }
            if (warnings.size() > 20) {
                System.out.println("  … and " + (warnings.size() - 20) + " more warnings");
            }
            return result.cancelled() ? 130 : r.rejected() > 0 ? 3 : 0;
        } catch (ImportException e) {
            System.err.println();
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println();
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        } catch (dev.clientele.journal.JournalFormatException e) { // a newer Clientele's review journal or tombstones
            err.println("cannot import: " + e.getMessage());
            return 2;
        } catch (IndexException e) {
            System.err.println();
            err.println("the import stopped: " + e.getMessage());
            err.printf("%,d rows were stored before that and are safe; re-run the same command once the cause is "
                    + "fixed (rows with an external_id are updated, not duplicated)%n", progress.stored);
            return 4;
        } finally {
            System.out.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException stopping) {
                // the JVM is stopping (Ctrl+C): the hook has run and now lets it exit
            }
        }
    }

    /** The format named by {@code --format}: csv, ndjson (or jsonl) or vcard (or vcf), in any case. */
    static ImportFormat format(String name) {
        return ImportFormat.named(name).orElseThrow(() -> new IllegalArgumentException(
                "--format must be csv, ndjson, vcard or xlsx, was '" + name + "'"));
    }

    /** Why a file cannot be imported (missing, a directory, not readable), or null when it can be read. */
    static String unreadable(Path file) {
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        return Files.isReadable(file) ? null : "permission denied";
    }

    /** A one-line progress bar on standard error. */
    private static final class ProgressBar implements ImportService.Listener {
        private final PrintStream out;
        private long size;
        private final long start;
        private long bytes;
        private boolean byRows; // a workbook: its rows are known, its bytes were all read before the first row
        private long lastPrint;
        long stored;
        volatile boolean stop;

        ProgressBar(PrintStream out, long size, long start) {
            this.out = out;
            this.size = Math.max(1, size);
            this.start = start;
        }

        @Override
        public void bytesRead(long b) {
            if (!byRows) {
                bytes = b;
            }
        }

        @Override
        public void rowsTotal(long rows) {
            byRows = true;
            size = Math.max(1, rows);
        }

        @Override
        public boolean cancelled() {
            return stop;
        }

        @Override
        public void rows(long read, long stored, long rejected) {
            this.stored = stored;
            if (byRows) {
                bytes = read;
            }
            long now = System.nanoTime();
            if (now - lastPrint < 200_000_000L && bytes < size) {
                return;
            }
            lastPrint = now;
            double share = Math.min(1, bytes / (double) size);
            int width = 30;
            int filled = (int) (share * width);
            double seconds = Math.max(0.001, (now - start) / 1e9);
            double rate = read / seconds;
            long eta = share > 0 ? (long) (seconds / share - seconds) : 0;
            out.printf("\r[%s%s] %3.0f%%  %,d rows  %,d stored  %,d rejected  %,.0f rows/s  ETA %ds   ",
                    "#".repeat(filled), " ".repeat(width - filled), share * 100, read, stored, rejected, rate, eta);
        }
    }
}
