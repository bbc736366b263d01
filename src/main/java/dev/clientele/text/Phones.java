package dev.clientele.text;

import dev.clientele.customer.CustomerValidator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone number normalisation without libphonenumber: reduces a number as typed to its national significant number,
 * so that "+36 1 234 5678", "0036 1 234 5678" and "06-1-234-5678" all become "12345678".
 *
 * <p>Knows the calling code and trunk prefix of a small table of countries (HU, DE, AT, RU, GB, US and the usual
 * European neighbours); for anything else it falls back to the digits with leading zeros removed, which still
 * makes {@link #trailingDigits} comparisons work. Stateless and thread-safe.
 */
public final class Phones {

    /** Calling code and trunk (national dialling) prefix of a country. */
    private record Dialling(String callingCode, String trunkPrefix) {
    }

    /*
     * The trunk prefix is what people dial inside the country before the area code and what they write in local
     * notation: "0" almost everywhere in Europe, "06" in Hungary, "8" in Russia and Kazakhstan, "1" in the NANP.
     * Italy and a few others keep the leading 0 as part of the number, so they have no trunk prefix here.
     */
    private static final Map<String, Dialling> COUNTRIES = Map.ofEntries(
            Map.entry("HU", new Dialling("36", "06")),
            Map.entry("DE", new Dialling("49", "0")),
            Map.entry("AT", new Dialling("43", "0")),
            Map.entry("CH", new Dialling("41", "0")),
            Map.entry("RU", new Dialling("7", "8")),
            Map.entry("KZ", new Dialling("7", "8")),
            Map.entry("GB", new Dialling("44", "0")),
            Map.entry("IE", new Dialling("353", "0")),
            Map.entry("US", new Dialling("1", "1")),
            Map.entry("CA", new Dialling("1", "1")),
            Map.entry("FR", new Dialling("33", "0")),
            Map.entry("NL", new Dialling("31", "0")),
            Map.entry("BE", new Dialling("32", "0")),
            Map.entry("PL", new Dialling("48", "")),
            Map.entry("CZ", new Dialling("420", "")),
            Map.entry("SK", new Dialling("421", "0")),
            Map.entry("RO", new Dialling("40", "0")),
            Map.entry("UA", new Dialling("380", "0")),
            Map.entry("IT", new Dialling("39", "")),
            Map.entry("ES", new Dialling("34", "")),
            Map.entry("AU", new Dialling("61", "0")));

    /** Trunk prefix per calling code, for numbers written with their international prefix. */
    private static final Map<String, String> TRUNK_BY_CALLING_CODE;

    static {
        var byCode = new java.util.HashMap<String, String>();
        COUNTRIES.values().forEach(d -> byCode.putIfAbsent(d.callingCode(), d.trunkPrefix()));
        TRUNK_BY_CALLING_CODE = Map.copyOf(byCode);
    }

    private Phones() {
    }

    /**
     * An extension after the number, as the validator accepts them ("ext. 12", "x12", "#12", German "Durchwahl 12",
     * Russian "доб. 12"): its digits are the group.
     */
    private static final Pattern EXTENSION = Pattern.compile(
            "\\s*(?:" + CustomerValidator.PHONE_EXTENSION_MARKERS + ")\\s*([0-9]{1,6})\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A trunk "(0)" written after the country code ("+49 (0)30 …"): the country code is the group. */
    private static final Pattern TRUNK_ZERO = Pattern.compile("^(\\s*(?:\\+|00)\\s*[0-9]{1,3})\\s*\\(0\\)\\s*");

    /**
     * A German direct-dial ending (DIN 5008: {@code 030 1234567-12}, {@code 089 12345-0}): a hyphen and one to four
     * digits ending a number whose digits just before the hyphen run to five or more. The line's digits are dialled
     * as part of the number, but they name one desk behind the switchboard {@code 030 1234567}, as an extension
     * does. The rule reads the digits only: a subscriber number is five digits or more, so a number that has one
     * before the hyphen is complete, and what follows is a line; a hyphen after a shorter group only groups digits
     * ({@code 06-1-234-5678}, {@code +36 30 123-4567}, {@code 8 (495) 123-45-67}). Search reads it so too.
     */
    private static final Pattern DIRECT_DIAL = Pattern.compile("(.*[0-9]{5})\\s*-\\s*([0-9]{1,4})\\s*");

    /**
     * The number as dialled: without an extension written with its marker and without a trunk "(0)" written after
     * its country code, a direct-dial ending kept ({@code +49 (0)30 1234567 ext. 12} → {@code +49 30 1234567};
     * {@code 030 1234567-12} as it is, whose digits are dialled). What the search index reads as a phone's digits;
     * null gives null.
     */
    public static String dialled(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher ext = EXTENSION.matcher(raw);
        String number = ext.find() ? raw.substring(0, ext.start()) : raw;
        return number.indexOf('(') < 0 ? number : TRUNK_ZERO.matcher(number).replaceFirst("$1 ");
    }

    /**
     * The number as written without its extension, whether written with its marker or as a direct-dial ending
     * ({@link #DIRECT_DIAL}), and without a trunk "(0)" written after its country code: {@code +49 (0)30 1234567
     * ext. 12} and {@code +49 30 1234567-12} → {@code +49 30 1234567}. An extension reaches one line behind the
     * number (a switchboard's), so matching, blocking, merging and tombstones read the number alone; null gives null.
     */
    public static String number(String raw) {
        String dialled = dialled(raw);
        if (dialled == null || dialled.indexOf('-') < 0 || EXTENSION.matcher(raw).find()) {
            return dialled;
        }
        Matcher direct = DIRECT_DIAL.matcher(dialled);
        return direct.matches() ? direct.group(1) : dialled;
    }

    /**
     * The digits of a number's extension ({@code +49 30 1234567 ext. 12} and {@code 030 1234567-12} → {@code 12}), or
     * null when it has none.
     */
    public static String extension(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher ext = EXTENSION.matcher(raw);
        if (ext.find()) {
            return ext.group(1);
        }
        if (raw.indexOf('-') < 0) {
            return null;
        }
        Matcher direct = DIRECT_DIAL.matcher(dialled(raw));
        return direct.matches() ? direct.group(2) : null;
    }

    /** The digits of the text, in order ("+36 (1) 234-5678" → "3612345678"); empty for null. */
    public static String digits(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The national significant number: the international prefix ("+CC" or "00CC") and the national trunk prefix
     * removed. {@code defaultCountry} (ISO 3166-1 alpha-2, may be null) says how to read numbers written in local
     * notation. Returns the empty string when the text has no digits.
     *
     * <p>Examples: {@code +49 30 1234567} and {@code (030) 1234567} with DE → {@code 301234567};
     * {@code +7 495 123-45-67} and {@code 8 (495) 123-45-67} with RU → {@code 4951234567}.
     */
    public static String nationalNumber(String raw, String defaultCountry) {
        String digits = digits(raw);
        if (digits.isEmpty()) {
            return digits;
        }
        String rest = afterInternationalPrefix(raw, digits, defaultCountry);
        if (rest != null) {
            int len = callingCodeLength(rest);
            // "+49 (0)30 ..." is common: drop a trunk zero written after the calling code. An unknown calling code
            // cannot be told apart, so everything is kept (trailing digits still match).
            return stripLeadingZeros(rest.substring(len));
        }
        Dialling local = defaultCountry == null ? null : COUNTRIES.get(defaultCountry.toUpperCase(Locale.ROOT));
        if (local != null && !local.trunkPrefix().isEmpty() && digits.startsWith(local.trunkPrefix())) {
            if (local.callingCode().equals("1") && digits.length() != 11) {
                return digits; // a US number without the optional leading 1
            }
            return stripLeadingZeros(digits.substring(local.trunkPrefix().length()));
        }
        if (local == null && digits.length() == 11 && (digits.startsWith("8") || digits.startsWith("1"))) {
            // Unknown country, but 8 + 10 digits (Russia) or 1 + 10 digits (NANP) is unambiguous enough.
            return digits.substring(1);
        }
        return stripLeadingZeros(digits);
    }

    /**
     * The number with its calling code, as digits ("+36 1 234 5678" and "06-1-234-5678" with HU →
     * "3612345678"), so that one number written two ways gives one key and the same national number in two
     * countries gives two. A number in local notation of a country not in the table has no known calling code:
     * its key is its national number prefixed with "?". Empty for text without digits.
     */
    public static String internationalKey(String raw, String defaultCountry) {
        String national = nationalNumber(raw, defaultCountry);
        if (national.isEmpty()) {
            return national;
        }
        String rest = afterInternationalPrefix(raw, digits(raw), defaultCountry);
        if (rest != null) {
            // an unknown calling code (length 0) is already in front of the national number
            return rest.substring(0, callingCodeLength(rest)) + national;
        }
        Dialling local = defaultCountry == null ? null : COUNTRIES.get(defaultCountry.toUpperCase(Locale.ROOT));
        return local == null ? "?" + national : local.callingCode() + national;
    }

    /** The last {@code n} digits of the text (fewer if it has fewer). */
    public static String trailingDigits(String text, int n) {
        String d = digits(text);
        return d.length() <= n ? d : d.substring(d.length() - n);
    }

    /**
     * The digits after the international prefix ("+" or "00") when the number is written internationally, else
     * null. In Hungary "06…" is the trunk prefix, not an international one.
     */
    private static String afterInternationalPrefix(String raw, String digits, String defaultCountry) {
        String trimmed = raw.strip();
        if (trimmed.startsWith("+")) {
            return digits;
        }
        boolean international = digits.startsWith("00") && !digits.startsWith("000")
                && !(isHungary(defaultCountry) && digits.startsWith("06"));
        return international ? digits.substring(2) : null;
    }

    /** The length of the known calling code {@code digits} start with (1 to 3), or 0 when none is known. */
    private static int callingCodeLength(String digits) {
        for (int len = 1; len <= 3 && len < digits.length(); len++) {
            if (TRUNK_BY_CALLING_CODE.containsKey(digits.substring(0, len))) {
                return len;
            }
        }
        return 0;
    }

    private static boolean isHungary(String country) {
        return country != null && country.equalsIgnoreCase("HU");
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
