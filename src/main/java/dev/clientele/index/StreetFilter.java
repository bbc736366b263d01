package dev.clientele.index;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Reads the German street abbreviation as the word it stands for, after folding: {@code hauptstr} (from
 * {@code Hauptstr.}) becomes {@code hauptstrasse}, {@code str} (from {@code Max-Liebermann-Str.}) {@code strasse}.
 * Replaces the token, so a street costs no more terms. Not thread-safe, like every TokenStream.
 */
final class StreetFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    StreetFilter(TokenStream in) {
        super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        int n = term.length();
        char[] c = term.buffer();
        if (n >= 3 && c[n - 3] == 's' && c[n - 2] == 't' && c[n - 1] == 'r') {
            term.append("asse");
        }
        return true;
    }

    /** The street term of a folded word ending in {@code str}, or null for any other word. */
    static String expand(String folded) {
        return folded.length() >= 3 && folded.endsWith("str") ? folded + "asse" : null;
    }
}
