package dev.clientele.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Notices a row whose external id an earlier row of the same file had: it updates (usually replaces) the customer
 * that row wrote, which is then only in the history, so the report warns, naming the earlier row. Each id is kept as
 * a 64-bit hash with its first row (12 bytes, 24 at most with the table's slack), not as its text, so a file of a
 * million rows costs some 24 MB, not the hundred a set of strings would; two ids sharing a hash (about one chance in
 * 10^7 at a million rows) would be warned about wrongly, never missed.
 */
final class RepeatedExternalIds {
    private long[] hashes = new long[1024];
    private int[] rows = new int[1024];
    private int size;
    private final List<RowError> warnings = new ArrayList<>();

    /** Notes a row's external id; warns when an earlier row had it. */
    void note(ImportRow row) {
        String id = row.customer() == null ? null : row.customer().externalId();
        if (id == null) {
            return;
        }
        long h = hash(id);
        int mask = hashes.length - 1;
        for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (rows[i] == 0) {
                hashes[i] = h;
                rows[i] = row.row();
                if (++size * 2 > hashes.length) {
                    grow();
                }
                return;
            }
            if (hashes[i] == h) {
                if (warnings.size() < ImportReport.MAX_ERRORS) { // a file of them must not fill the heap
                    warnings.add(new RowError(row.row(), "external_id", "external_id '" + id + "' is on row "
                            + rows[i] + " too: this row updates the customer that row wrote (the earlier data is "
                            + "in its history)"));
                }
                return;
            }
        }
    }

    /** The warnings so far, in the order of their rows. */
    List<RowError> warnings() {
        return List.copyOf(warnings);
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldRows = rows;
        hashes = new long[oldHashes.length * 2];
        rows = new int[oldRows.length * 2];
        int mask = hashes.length - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            if (oldRows[j] != 0) {
                long h = oldHashes[j];
                int i = (int) (h ^ (h >>> 32)) & mask;
                while (rows[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = h;
                rows[i] = oldRows[j];
            }
        }
    }

    /** FNV-1a over the UTF-16 units, then a finalising mix (SplitMix64), so that the low bits spread. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
