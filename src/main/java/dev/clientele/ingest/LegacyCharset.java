package dev.clientele.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * Tells a file saved in a Windows code page (Excel's "CSV" on a Hungarian, German or Russian Windows) from UTF-8,
 * from the first bytes of the file, so that an office manager need not know the word "charset".
 *
 * <p>A file counts as not UTF-8 only when its sample has bytes that are not valid UTF-8 and not one valid UTF-8
 * multi-byte sequence: a UTF-8 file with one stray byte stays UTF-8 (the row with the byte is rejected, naming the
 * column). Which code page: Cyrillic words are runs of bytes above 0xC0 (Windows-1251), while the accented letters
 * of Latin text stand alone between ASCII letters; of those, ő and ű (0xF5, 0xFB, 0xD5, 0xDB) exist only in
 * Windows-1250, and every other letter of Hungarian and German is the same byte in 1250 and 1252.
 */
final class LegacyCharset {
    static final Charset WINDOWS_1250 = Charset.forName("windows-1250");
    static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private LegacyCharset() {
    }

    /** A stream positioned where it was, and the Windows code page its first bytes are in, or null for UTF-8. */
    record Sniffed(InputStream in, Charset legacy) {
    }

    /** Reads up to {@code peek} bytes ahead to {@link #detect} the code page; the returned stream still has them. */
    static Sniffed sniff(InputStream in, int peek) throws IOException {
        var buffered = new BufferedInputStream(in, peek);
        buffered.mark(peek);
        byte[] sample = buffered.readNBytes(peek);
        buffered.reset();
        return new Sniffed(buffered, detect(sample, sample.length));
    }

    /** The Windows code page the sample is in, or null when it is UTF-8 (or plain ASCII). */
    static Charset detect(byte[] sample, int length) {
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < length; ) {
            int b = sample[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int size = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            if (size > 0 && i + size > length) {
                break; // a sequence cut by the end of the sample
            }
            boolean ok = size > 0;
            for (int k = 1; ok && k < size; k++) {
                ok = (sample[i + k] & 0xC0) == 0x80;
            }
            if (ok) {
                valid++;
                i += size;
            } else {
                invalid++;
                i++;
            }
        }
        if (invalid == 0 || valid > 0) {
            return null;
        }
        int high = 0;
        int inRuns = 0;
        boolean hungarian = false;
        for (int i = 0; i < length; i++) {
            int b = sample[i] & 0xFF;
            if (b < 0xC0) {
                continue;
            }
            high++;
            boolean before = i > 0 && (sample[i - 1] & 0xFF) >= 0xC0;
            boolean after = i + 1 < length && (sample[i + 1] & 0xFF) >= 0xC0;
            inRuns += before || after ? 1 : 0;
            hungarian |= b == 0xF5 || b == 0xFB || b == 0xD5 || b == 0xDB;
        }
        if (high > 0 && inRuns * 2 > high) {
            return WINDOWS_1251;
        }
        return hungarian ? WINDOWS_1250 : WINDOWS_1252;
    }
}
