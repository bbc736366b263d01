package dev.clientele.search;

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two neighbours as one edit, what Lucene's fuzzy
 * queries count with transpositions) over code points, capped: anything above {@code max} is reported as
 * {@code max + 1}, and a comparison stops as soon as no alignment can stay within {@code max}. One instance reuses
 * its rows across comparisons; not thread-safe.
 */
final class EditDistance {
    private final int max;
    private int[] before = new int[32];
    private int[] previous = new int[32];
    private int[] current = new int[32];

    EditDistance(int max) {
        this.max = max;
    }

    /** The distance between {@code a} and {@code b} after their first {@code skip} code points, or max + 1. */
    int between(int[] a, int[] b, int skip) {
        int n = a.length - skip;
        int m = b.length - skip;
        if (m + 1 > current.length) {
            before = new int[m + 1];
            previous = new int[m + 1];
            current = new int[m + 1];
        }
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            current[0] = i;
            int rowMin = i;
            int ai = a[skip + i - 1];
            for (int j = 1; j <= m; j++) {
                int bj = b[skip + j - 1];
                int v = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1),
                        previous[j - 1] + (ai == bj ? 0 : 1));
                if (i > 1 && j > 1 && ai == b[skip + j - 2] && a[skip + i - 2] == bj) {
                    v = Math.min(v, before[j - 2] + 1);
                }
                current[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = before;
            before = previous;
            previous = current;
            current = t;
        }
        return Math.min(previous[m], max + 1);
    }

    /** The capped distance between two strings, compared by code point. */
    static int osa(String a, String b, int max) {
        return new EditDistance(max).between(a.codePoints().toArray(), b.codePoints().toArray(), 0);
    }
}
