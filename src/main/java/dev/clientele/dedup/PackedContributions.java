package dev.clientele.dedup;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of {@link FieldContribution}s kept as one byte array, for the review queue, which holds the
 * explanation of every pending pair in memory. As objects a pair's seven contributions with their compared values
 * take about 1.3 KB (records, strings, their arrays); packed, about a third of that. Elements are decoded on each
 * {@link #get}, exactly as they were (doubles by their bits), so a packed list equals the list it was made from and
 * serialises to the same JSON.
 *
 * <p>Layout per element: field, left, right as strings (a varint, 0 for null, else the UTF-8 length + 1, then the
 * bytes), the agreement's ordinal + 1 (0 for null) as one byte, then similarity, probability and weight as 8 bytes
 * each. {@code starts} holds where each element begins.
 */
final class PackedContributions extends AbstractList<FieldContribution> implements RandomAccess {
    private static final Agreement[] AGREEMENTS = Agreement.values();
    private static final PackedContributions EMPTY = new PackedContributions(new byte[0], new int[0]);

    private final byte[] bytes;
    private final int[] starts;

    private PackedContributions(byte[] bytes, int[] starts) {
        this.bytes = bytes;
        this.starts = starts;
    }

    /** A packed copy of {@code fields} (the list itself when it is packed already). */
    static List<FieldContribution> of(List<FieldContribution> fields) {
        if (fields instanceof PackedContributions packed) {
            return packed;
        }
        if (fields == null || fields.isEmpty()) {
            return EMPTY;
        }
        Writer w = new Writer();
        int[] starts = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            starts[i] = w.length;
            FieldContribution f = fields.get(i);
            w.string(f.field());
            w.string(f.left());
            w.string(f.right());
            w.ensure(1 + 3 * Long.BYTES);
            w.buf[w.length++] = (byte) (f.agreement() == null ? 0 : f.agreement().ordinal() + 1);
            w.longBits(Double.doubleToRawLongBits(f.similarity()));
            w.longBits(Double.doubleToRawLongBits(f.probability()));
            w.longBits(Double.doubleToRawLongBits(f.weight()));
        }
        return new PackedContributions(Arrays.copyOf(w.buf, w.length), starts);
    }

    @Override
    public FieldContribution get(int index) {
        Reader r = new Reader(bytes, starts[index]); // throws for a bad index, as a list must
        String field = r.string();
        String left = r.string();
        String right = r.string();
        int agreement = bytes[r.at++];
        double similarity = Double.longBitsToDouble(r.longBits());
        double probability = Double.longBitsToDouble(r.longBits());
        double weight = Double.longBitsToDouble(r.longBits());
        return new FieldContribution(field, left, right, similarity,
                agreement == 0 ? null : AGREEMENTS[agreement - 1], probability, weight);
    }

    @Override
    public int size() {
        return starts.length;
    }

    /** Bytes held, for tests and estimates. */
    int packedBytes() {
        return bytes.length;
    }

    private static final class Writer {
        byte[] buf = new byte[256];
        int length;

        void string(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length + 1);
            ensure(b.length);
            System.arraycopy(b, 0, buf, length, b.length);
            length += b.length;
        }

        void varint(int v) {
            ensure(5);
            while ((v & ~0x7F) != 0) {
                buf[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[length++] = (byte) v;
        }

        void longBits(long v) {
            for (int i = 0; i < Long.BYTES; i++) {
                buf[length++] = (byte) (v >>> (8 * i));
            }
        }

        void ensure(int more) {
            if (length + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
            }
        }
    }

    private static final class Reader {
        final byte[] bytes;
        int at;

        Reader(byte[] bytes, int at) {
            this.bytes = bytes;
            this.at = at;
        }

        String string() {
            int n = varint();
            if (n == 0) {
                return null;
            }
            String s = new String(bytes, at, n - 1, StandardCharsets.UTF_8);
            at += n - 1;
            return s;
        }

        int varint() {
            int v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[at++];
                v |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
        }

        long longBits() {
            long v = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                v |= (bytes[at++] & 0xFFL) << (8 * i);
            }
            return v;
        }
    }
}
