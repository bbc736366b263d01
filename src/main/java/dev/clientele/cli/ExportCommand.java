package dev.clientele.cli;

import dev.clientele.config.AppConfig;
import dev.clientele.customer.Customer;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexException;
import dev.clientele.index.IndexSettings;
import dev.clientele.ingest.CsvExporter;
import dev.clientele.ingest.NdjsonExporter;
import dev.clientele.ingest.VcardExporter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clientele export}: writes every customer as CSV, NDJSON or vCard, streaming. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export all customers as CSV (Excel-friendly, formula-safe), NDJSON or vCard.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--data", description = "data directory (default from config: index-data/)")
    Path data;

    @Option(names = "--config", description = "config file (default config/clientele.yaml)")
    Path config;

    @Option(names = "--format", defaultValue = "csv", description = "csv, xlsx, ndjson or vcf (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--columns", split = ",", description = "CSV columns (default: all)")
    List<String> columns;

    @Option(names = "--bom", description = "start the CSV with a UTF-8 byte order mark (for Excel)")
    boolean bom;

    @Option(names = {"-o", "--output"}, description = "output file (default: standard output)")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AppConfig cfg = ServeCommand.Options.config(config, null, data, null);
        // Bad options and an output that cannot be written are one line on stderr and exit 2, never a stack trace;
        // the options are checked before the index is opened and the output file created.
        PrintWriter err = spec.commandLine().getErr();
        String f = format == null ? "csv" : format.strip().toLowerCase(Locale.ROOT);
        if (!List.of("csv", "ndjson", "vcf", "vcard", "xlsx").contains(f)) {
            err.println("--format must be csv, xlsx, ndjson or vcf, was '" + format + "'");
            return 2;
        }
        if (columns != null) {
            try {
                CsvExporter.open(OutputStream.nullOutputStream(), columns, false);
            } catch (IllegalArgumentException e) {
                err.println("--columns: " + e.getMessage());
                return 2;
            }
        }
        if (!Files.isDirectory(cfg.indexDir())) {
            // Opening it would create an empty index there and export nobody, as if done: a mistyped --data.
            err.println("no index at " + cfg.indexDir() + " (is --data the server's data directory?)");
            return 2;
        }
        try (DataStdout stdout = output == null ? new DataStdout() : null) {
            return export(cfg, f, err, stdout);
        }
    }

    private int export(AppConfig cfg, String f, PrintWriter err, DataStdout stdout) throws IOException {
        CustomerIndex index;
        try {
            index = CustomerIndex.open(cfg.indexDir(), new IndexSettings(cfg.ramBufferMb()).withCurrency(cfg.currency()));
        } catch (IndexException e) {
            err.println("cannot open the index at " + cfg.indexDir() + ": " + e.getMessage());
            if (e.reason() == IndexException.Reason.IN_USE) {
                err.println("If a server runs on this data directory, export over HTTP instead: GET /api/export");
            }
            return 2;
        }
        long[] n = {0};
        try (index) {
            OutputStream target;
            try {
                target = stdout != null ? stdout.stream() : Files.newOutputStream(output);
            } catch (IOException e) {
                err.println("cannot write " + output + ": " + reason(e));
                return 2;
            }
            try (OutputStream out = new BufferedOutputStream(target, 1 << 16)) {
                switch (f) {
                    case "csv" -> {
                        try (var w = CsvExporter.open(out, columns == null ? CsvExporter.ALL_COLUMNS : columns, bom)) {
                            index.forEach(each(w::write, n));
                        }
                    }
                    case "xlsx" -> {
                        try (var w = dev.clientele.ingest.XlsxExporter.open(out,
                                columns == null ? CsvExporter.ALL_COLUMNS : columns)) {
                            index.forEach(each(w::write, n));
                        }
                    }
                    case "ndjson" -> {
                        try (var w = NdjsonExporter.open(out)) {
                            index.forEach(each(w::write, n));
                        }
                    }
                    default -> {
                        try (var w = VcardExporter.open(out)) {
                            index.forEach(each(w::write, n));
                        }
                    }
                }
            } catch (IOException e) {
                err.println("cannot write " + (output == null ? "standard output" : output) + ": " + reason(e));
                return 2;
            } catch (UncheckedIOException e) {
                err.println("cannot write " + (output == null ? "standard output" : output) + ": "
                        + reason(e.getCause()));
                return 2;
            }
        }
        err.printf("exported %,d customers%n", n[0]);
        return 0;
    }

    /** The reason of an I/O failure in words: the exception's message, or its kind when it has none. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private interface Writer {
        void write(Customer c) throws IOException;
    }

    private static Consumer<Customer> each(Writer w, long[] n) {
        return c -> {
            try {
                w.write(c);
                n[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
