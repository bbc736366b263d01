package dev.clientele.index;

import dev.clientele.text.StreetTypes;
import java.io.IOException;
import java.io.Reader;
import org.apache.lucene.analysis.charfilter.BaseCharFilter;

/**
 * Writes a street's hyphenated abbreviations out before the tokenizer splits them at their hyphen ({@code б-р} as
 * бульвар, {@code пр-т} as проспект: {@link StreetTypes#hyphenated}, the reader matching uses too), keeping the
 * offsets of the original text, so a highlight marks {@code пр-т}; and a romanised {@code str.} after a house number
 * in a line that reads as romanised Russian as строение ({@link StreetTypes#romanisedBuildings}: {@code ul. Lenina,
 * d. 5, str. 1}), a building as matching reads it, not the German Straße (schema version 23). Reads the whole street
 * at once: a street is a line, and whether a str. is a building depends on the other words of it. Not thread-safe,
 * like every Reader.
 */
final class StreetCharFilter extends BaseCharFilter {
    private String out;
    private int pos;

    StreetCharFilter(Reader in) {
        super(in);
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (out == null) {
            out = writtenOut(readAll());
        }
        if (pos >= out.length()) {
            return -1;
        }
        int n = Math.min(len, out.length() - pos);
        out.getChars(pos, pos + n, cbuf, off);
        pos += n;
        return n;
    }

    private String readAll() throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[256];
        int n;
        while ((n = input.read(buf)) != -1) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }

    private String writtenOut(String text) {
        var found = new java.util.ArrayList<>(StreetTypes.hyphenated(text));
        found.addAll(StreetTypes.romanisedBuildings(text));
        if (found.isEmpty()) {
            return text;
        }
        // A hyphenated abbreviation is Cyrillic and a romanised building Latin: they never overlap.
        found.sort(java.util.Comparator.comparingInt(StreetTypes.Hyphenated::start));
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int at = 0;
        int diff = 0;
        for (StreetTypes.Hyphenated h : found) {
            sb.append(text, at, h.start()).append(h.word());
            // From the end of the written-out word on, offsets map back past the abbreviation's end.
            diff += h.end() - h.start() - h.word().length();
            addOffCorrectMap(sb.length(), diff);
            at = h.end();
        }
        return sb.append(text, at, text.length()).toString();
    }
}
