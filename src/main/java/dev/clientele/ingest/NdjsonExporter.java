package dev.clientele.ingest;

import dev.clientele.customer.Customer;
import dev.clientele.json.Json;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes customers as NDJSON: each customer's canonical JSON ({@link Json#MAPPER}) on its own line, UTF-8, LF.
 * Writes every field, including the store-managed ones, so it is also a complete backup format. Constant memory;
 * not thread-safe; close it to flush and close the stream.
 */
public final class NdjsonExporter implements Closeable {
    private final Writer writer;

    private NdjsonExporter(Writer writer) {
        this.writer = writer;
    }

    public static NdjsonExporter open(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return new NdjsonExporter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    public void write(Customer customer) {
        Objects.requireNonNull(customer, "customer");
        try {
            // JSON escapes line breaks inside strings, so one customer is always exactly one line.
            writer.write(Json.toString(customer));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
