package dev.clientele.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.json.Json;
import java.io.IOException;
import java.io.InputStream;

/**
 * Generated customers as an NDJSON byte stream, made on demand as it is read: no pipe, no extra thread, constant
 * memory, so an upload of a million customers starts at once.
 */
final class GeneratedNdjson extends InputStream {
    private final CustomerGenerator generator;
    private final ObjectWriter writer = Json.MAPPER.copy()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY).writer();
    private long remaining;
    private byte[] line = new byte[0];
    private int pos;

    GeneratedNdjson(CustomerGenerator generator, long count) {
        this.generator = generator;
        this.remaining = count;
    }

    private boolean fill() throws IOException {
        while (pos >= line.length) {
            if (remaining == 0) {
                return false;
            }
            remaining--;
            byte[] json = writer.writeValueAsBytes(generator.next());
            line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? line[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len && fill()) {
            int k = Math.min(len - n, line.length - pos);
            System.arraycopy(line, pos, b, off + n, k);
            pos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }
}
