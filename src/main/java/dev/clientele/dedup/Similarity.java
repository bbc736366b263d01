package dev.clientele.dedup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * String similarity functions: Levenshtein, Jaro and Jaro-Winkler, and token-set measures. Similarities are in
 * 0..1 (1 = equal); both null or both empty counts as equal. Stateless and thread-safe.
 */
public final class Similarity {

    private Similarity() {
    }

    /** The Levenshtein edit distance (insertions, deletions and substitutions each cost 1). */
    public static int levenshtein(String a, String b) {
        String s = a == null ? "" : a;
        String t = b == null ? "" : b;
        if (s.equals(t)) {
            return 0;
        }
        if (s.isEmpty()) {
            return t.length();
        }
        if (t.isEmpty()) {
            return s.length();
        }
        int[] previous = new int[t.length() + 1];
        int[] current = new int[t.length() + 1];
        for (int j = 0; j <= t.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            current[0] = i;
            char c = s.charAt(i - 1);
            for (int j = 1; j <= t.length(); j++) {
                int cost = c == t.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[t.length()];
    }

    /**
     * True when the Levenshtein distance is exactly 1, in linear time: the comparators ask only this of long strings
     * (e-mails, phone numbers), where the full distance table was a tenth of a scan's time.
     */
    public static boolean oneEdit(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1 || a.equals(b)) {
            return false;
        }
        String longer = la >= lb ? a : b;
        String shorter = longer == a ? b : a;
        int start = 0;
        while (start < shorter.length() && shorter.charAt(start) == longer.charAt(start)) {
            start++;
        }
        // Past the first difference the rest must be equal, after skipping one character of the longer string (an
        // insertion) or of both (a substitution).
        int skip = longer.length() == shorter.length() ? 1 : 0;
        return longer.regionMatches(start + 1, shorter, start + skip, shorter.length() - start - skip);
    }

    /** Levenshtein as a similarity: 1 - distance / length of the longer string. */
    public static double levenshteinSimilarity(String a, String b) {
        int longest = Math.max(a == null ? 0 : a.length(), b == null ? 0 : b.length());
        return longest == 0 ? 1.0 : 1.0 - (double) levenshtein(a, b) / longest;
    }

    /** The Jaro similarity. */
    public static double jaro(String a, String b) {
        String s = a == null ? "" : a;
        String t = b == null ? "" : b;
        if (s.equals(t)) {
            return 1.0;
        }
        if (s.isEmpty() || t.isEmpty()) {
            return 0.0;
        }
        int window = Math.max(0, Math.max(s.length(), t.length()) / 2 - 1);
        boolean[] sMatched = new boolean[s.length()];
        boolean[] tMatched = new boolean[t.length()];
        int matches = 0;
        for (int i = 0; i < s.length(); i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(t.length() - 1, i + window);
            for (int j = from; j <= to; j++) {
                if (!tMatched[j] && s.charAt(i) == t.charAt(j)) {
                    sMatched[i] = true;
                    tMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int transpositions = 0;
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            if (sMatched[i]) {
                while (!tMatched[k]) {
                    k++;
                }
                if (s.charAt(i) != t.charAt(k)) {
                    transpositions++;
                }
                k++;
            }
        }
        double m = matches;
        return (m / s.length() + m / t.length() + (m - transpositions / 2.0) / m) / 3.0;
    }

    /**
     * The Jaro-Winkler similarity: Jaro boosted for a common prefix of up to four characters (scaling 0.1),
     * because typos are rarer at the start of names.
     */
    public static double jaroWinkler(String a, String b) {
        double jaro = jaro(a, b);
        if (jaro == 1.0 || a == null || b == null) {
            return jaro;
        }
        int prefix = 0;
        int max = Math.min(4, Math.min(a.length(), b.length()));
        while (prefix < max && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1.0 - jaro);
    }

    /** The Jaccard index of two token sets: shared tokens / all distinct tokens. */
    public static double jaccard(Collection<String> a, Collection<String> b) {
        Set<String> x = new HashSet<>(a);
        Set<String> y = new HashSet<>(b);
        if (x.isEmpty() && y.isEmpty()) {
            return 1.0;
        }
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        x.retainAll(y);
        return (double) x.size() / union.size();
    }

    /**
     * The symmetric Monge-Elkan similarity: each token is paired with its most similar token on the other side
     * (by Jaro-Winkler), and the two directional averages are averaged. Tolerates typos inside tokens and
     * different token order ("12 main street" vs "main st 12").
     */
    public static double mongeElkan(List<String> a, List<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1.0;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return 0.0;
        }
        return (directedMongeElkan(a, b) + directedMongeElkan(b, a)) / 2.0;
    }

    private static double directedMongeElkan(List<String> from, List<String> to) {
        double sum = 0;
        for (String x : from) {
            double best = 0;
            for (String y : to) {
                best = Math.max(best, jaroWinkler(x, y));
            }
            sum += best;
        }
        return sum / from.size();
    }

    /** Splits folded text into tokens of letters and digits. */
    public static List<String> tokens(String text) {
        return dev.clientele.text.Folding.tokens(text);
    }
}
