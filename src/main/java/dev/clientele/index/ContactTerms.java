package dev.clientele.index;

import dev.clientele.text.Phones;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Index and query terms of phone numbers and email addresses. Small and self-contained on purpose, so it can be
 * swapped for the shared {@code text.Phones} helper later.
 *
 * <p><b>Phones.</b> A stored phone is indexed as one term, its digits reversed: {@code +36 1 234 5678} gives
 * {@code 8765432163}. Every suffix of the digits is then a prefix of that term, so "ends with these digits" is a
 * prefix query ({@link #phoneSuffixPrefix}). (Until schema version 5 every suffix of 4+ digits was a term of its
 * own: about 9 terms per phone, nearly all of them unique, which made phones the costliest field to index.)
 * A typed phone is reduced to its <em>national number</em> (country code or trunk prefix removed, see
 * {@link #phoneQueryTerms}), which is then a suffix of every way of writing the same number:
 * {@code 06-1-234-5678}, {@code +36 1 234 5678} and {@code 0036 1 234 5678} all become {@code 12345678};
 * {@code (030) 1234567} and {@code +49 30 1234567} both become {@code 301234567}. Trailing digits alone
 * ({@code 5678}) match too. Every term is of the number without its extension and without a trunk {@code (0)}
 * after its country code ({@link Phones#dialled}, schema version 21): {@code +49 (0)30 1234567 ext. 12} is found
 * as {@code +49 30 1234567}, {@code 030 1234567} and {@code 1234567}, and typed with its extension too.
 */
final class ContactTerms {
    /** Between the words of an e-mail address's local part ({@code anna.kovacs+news}); compiled once. */
    private static final java.util.regex.Pattern LOCAL_PART_SEPARATORS = java.util.regex.Pattern.compile("[._+\\-]+");
    static final int MIN_PHONE_SUFFIX = 4;
    private static final int MAX_PHONE_DIGITS = 18;
    private static final Set<String> TWO_DIGIT_CODES = Set.of("20", "27", "30", "31", "32", "33", "34", "36", "39",
            "40", "41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60",
            "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98");

    private ContactTerms() {
    }

    static String digits(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.length() > MAX_PHONE_DIGITS ? sb.substring(sb.length() - MAX_PHONE_DIGITS) : sb.toString();
    }

    /**
     * The terms a stored phone number is indexed under: its digits reversed (one term), or none when it has
     * fewer than {@value #MIN_PHONE_SUFFIX} digits.
     */
    static List<String> phoneIndexTerms(String phone) {
        String d = digits(Phones.dialled(phone));
        return d.length() < MIN_PHONE_SUFFIX ? List.of() : List.of(reverse(d));
    }

    /** The prefix of {@link #phoneIndexTerms} that every phone ending in these digits has: the digits reversed. */
    static String phoneSuffixPrefix(String digits) {
        return reverse(digits);
    }

    private static String reverse(String digits) {
        return new StringBuilder(digits).reverse().toString();
    }

    /**
     * The national numbers a typed phone may mean, most specific first; empty when it has fewer than 4 digits.
     * {@code +CC…} / {@code 00CC…}: the country code (1, 2 or 3 digits) goes. Otherwise a leading trunk prefix
     * goes: {@code 0} (most of Europe), and also {@code 06} (Hungary) and {@code 8} before 10 digits (Russia) as
     * alternatives, since they cannot be told from an area code without knowing the country.
     */
    static List<String> phoneQueryTerms(String typed) {
        String t = Phones.dialled(typed).strip();
        String d = digits(t);
        Set<String> out = new LinkedHashSet<>();
        if (d.length() < MIN_PHONE_SUFFIX) {
            return List.of();
        }
        boolean international = t.startsWith("+") || d.startsWith("00");
        if (international) {
            String rest = t.startsWith("+") ? d : d.substring(2);
            String national;
            if (rest.startsWith("1") || rest.startsWith("7")) {
                national = rest.substring(1);
            } else if (rest.length() > 2 && TWO_DIGIT_CODES.contains(rest.substring(0, 2))) {
                national = rest.substring(2);
            } else {
                national = rest.length() > 3 ? rest.substring(3) : rest;
            }
            // An Italian-style number keeps its 0 after the country code; dropping it matches the trunk-less form.
            if (national.startsWith("0") && national.length() > MIN_PHONE_SUFFIX) {
                out.add(national.substring(1));
            }
            out.add(national);
        } else {
            if (d.startsWith("0") && d.length() > MIN_PHONE_SUFFIX) {
                out.add(d.substring(1));
                if (d.startsWith("06") && d.length() >= 9) {
                    out.add(d.substring(2));
                }
            } else if (d.startsWith("8") && d.length() == 11) {
                out.add(d.substring(1));
                out.add(d);
            } else {
                out.add(d);
            }
        }
        out.removeIf(s -> s.length() < MIN_PHONE_SUFFIX);
        return List.copyOf(out);
    }

    /**
     * A phone's number and its extension ({@code +49 30 1234567 ext. 12} and the direct-dial {@code 030 1234567-12}
     * → the number and {@code 12}; {@link Phones#extension}, which matching reads too), or null when it is written
     * without one. A hyphen after a short group only groups digits ({@code 123-45-67}, {@code 234-5678}).
     */
    static String[] numberAndExtension(String phone) {
        String extension = Phones.extension(phone);
        return extension == null ? null : new String[] {Phones.number(phone), extension};
    }

    /**
     * The terms of a phone's line, its national numbers ({@link #phoneQueryTerms}) each with its extension
     * ({@code +49 30 1234567 ext. 12} → {@code 301234567x12}), or none when it is written without one: a number
     * typed with its extension ranks that line first among the customers sharing the number (schema version 22).
     */
    static List<String> phoneExtensionTerms(String phone) {
        String[] line = numberAndExtension(phone);
        return line == null ? List.of() : phoneQueryTerms(line[0]).stream().map(n -> n + "x" + line[1]).toList();
    }

    /**
     * The national numbers a phone number typed from its start may begin with, for a number still being typed
     * ({@code +36 1 234} → {@code 1234}, {@code 06 30 12} → {@code 3012}; {@code 030 123} → {@code 30123}). Only
     * for a number that starts with {@code +}, {@code 00} or a trunk {@code 0}, which says it is typed from its
     * start; a bare digit run ({@code 2345}) is a postal code or the end of a number. Empty when fewer than
     * {@value #MIN_PHONE_SUFFIX} digits of the national number are typed.
     */
    static List<String> phonePrefixTerms(String typed) {
        String t = Phones.dialled(typed).strip();
        String d = digits(t);
        Set<String> out = new LinkedHashSet<>();
        if (t.startsWith("+") || d.startsWith("00")) {
            String rest = t.startsWith("+") ? d : d.substring(2);
            String national = rest.startsWith("1") || rest.startsWith("7") ? rest.substring(Math.min(1, rest.length()))
                    : rest.length() >= 2 && TWO_DIGIT_CODES.contains(rest.substring(0, 2)) ? rest.substring(2)
                    : rest.length() > 3 ? rest.substring(3) : "";
            if (national.startsWith("0")) {
                out.add(national.substring(1));
            }
            out.add(national);
        } else if (d.startsWith("0")) {
            out.add(d.substring(1));
            if (d.startsWith("06")) {
                out.add(d.substring(2));
            }
        }
        out.removeIf(s -> s.length() < MIN_PHONE_SUFFIX);
        return List.copyOf(out);
    }

    /**
     * The digits of a phone number written with its country code ({@code +36 1 234 5678}, {@code 0036 1 234 5678}
     * → {@code 3612345678}), or null for a number written without one. A number typed from its start with its
     * country code is a prefix of this, which tells the number it begins from another country's with the same
     * national digits.
     */
    static String internationalDigits(String phone) {
        String t = Phones.dialled(phone).strip();
        String d = digits(t);
        String rest = t.startsWith("+") ? d : d.startsWith("00") ? d.substring(2) : null;
        return rest == null || rest.length() < MIN_PHONE_SUFFIX ? null : rest;
    }

    /**
     * The terms of an email: the whole address, the local part, the domain, the domain without its top level,
     * and the words of the local part ({@code anna.kovacs+news@gmail.com} → {@code anna.kovacs+news@gmail.com},
     * {@code anna.kovacs+news}, {@code gmail.com}, {@code gmail}, {@code anna}, {@code kovacs}, {@code news}).
     * Lower case.
     */
    static List<String> emailTerms(String email) {
        String e = email.strip().toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        if (e.isEmpty()) {
            return List.of();
        }
        out.add(e);
        int at = e.lastIndexOf('@');
        if (at > 0) {
            String local = e.substring(0, at);
            out.add(local);
            String domain = e.substring(at + 1);
            if (!domain.isEmpty()) {
                out.add(domain);
                int dot = domain.lastIndexOf('.');
                if (dot > 0) {
                    out.add(domain.substring(0, dot));
                }
            }
            for (String w : LOCAL_PART_SEPARATORS.split(local)) {
                if (w.length() >= 2) {
                    out.add(w);
                }
            }
        }
        return List.copyOf(out);
    }
}
