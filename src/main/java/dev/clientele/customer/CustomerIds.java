package dev.clientele.customer;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Server-made customer ids: 26 characters of Crockford base32 (lower case), the first ten from the creation
 * time in milliseconds and the rest random (the ULID layout), so ids sort roughly by creation and never repeat.
 * Thread-safe.
 */
public final class CustomerIds {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Pattern VALID = Pattern.compile("[0-9a-hjkmnp-tv-z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CustomerIds() {
    }

    public static String newId() {
        char[] out = new char[26];
        long time = System.currentTimeMillis();
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
            lo = (lo << 8) | (random[i + 5] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** True if the text has the shape of an id this class makes. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
