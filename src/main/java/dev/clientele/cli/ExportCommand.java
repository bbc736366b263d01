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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clientele export}: writes every customer as CSV, NDJSON or vCard, streaming. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export all customers as CSV (Excel-friendly, formula-safe), NDJSON or vCard.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--data", description = "data directory (default from config: index-data/)")
    Path data;

    @Option(names = "--config", description = "config file (default config/clientele.yaml)")
    Path config;

    @Option(names = "--format", defaultValue = "csv", description = "csv, ndjson or vcf (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--columns", split = ",", description = "CSV columns (default: all)")
    List<String> columns;

    @Option(names = "--bom", description = "start the CSV with a UTF-8 byte order mark (for Excel)")
    boolean bom;

    @Option(names = {"-o", "--output"}, description = "output file (default: standard output)")
    Path output;

    @Override
    public Integer call() throws IOException {
        AppConfig cfg = ServeCommand.Options.config(config, null, data, null);
        CustomerIndex index;
        try {
            index = CustomerIndex.open(cfg.indexDir(), new IndexSettings(cfg.ramBufferMb()));
        } catch (IndexException e) {
            System.err.println("cannot open the index at " + cfg.indexDir() + ": " + e.getMessage());
            if (e.reason() == IndexException.Reason.IN_USE) {
                System.err.println("If a server runs on this data directory, export over HTTP instead: GET /api/export");
            }
            return 2;
        }
        long[] n = {0};
        try (index; OutputStream out = new BufferedOutputStream(output == null ? System.out
                : Files.newOutputStream(output), 1 << 16)) {
            switch (format) {
                case "csv" -> {
                    try (var w = CsvExporter.open(out, columns == null ? CsvExporter.ALL_COLUMNS : columns, bom)) {
                        index.forEach(each(w::write, n));
                    }
                }
                case "ndjson" -> {
                    try (var w = NdjsonExporter.open(out)) {
                        index.forEach(each(w::write, n));
                    }
                }
                case "vcf", "vcard" -> {
                    try (var w = VcardExporter.open(out)) {
                        index.forEach(each(w::write, n));
                    }
                }
                default -> {
                    System.err.println("unknown format '" + format + "': use csv, ndjson or vcf");
                    return 2;
                }
            }
        }
        System.err.printf("exported %,d customers%n", n[0]);
        return 0;
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
