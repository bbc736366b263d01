package dev.clientele.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the date spellings found in exported contact files: ISO {@code 2024-05-31}, German/Russian
 * {@code 31.05.2024}, Hungarian {@code 2024.05.31.} (also {@code 2024. 05. 31.}), compact {@code 20240531}, and
 * slash dates {@code 05/31/2024} or {@code 31/05/2024} only when the day cannot be mistaken for the month. The
 * day-first and slash forms may have a two-digit year, as LibreOffice writes German dates ({@code 31.05.80}): 00–29
 * are 2000–2029 and 30–99 are 1930–1999, the rule Excel and LibreOffice read such years by.
 */
final class DateText {
    // Outlook writes "0/0/00" for "no birthday"; some tools write 00.00.0000.
    private static final Pattern NO_DATE = Pattern.compile("[0./\\-]+");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ].*)?");
    private static final Pattern YEAR_FIRST_DOTS = Pattern.compile("(\\d{4})\\.\\s*(\\d{1,2})\\.\\s*(\\d{1,2})\\.?");
    private static final Pattern DAY_FIRST_DOTS = Pattern.compile("(\\d{1,2})\\.\\s*(\\d{1,2})\\.\\s*(\\d{4}|\\d{2})");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern YEAR_FIRST_SLASH = Pattern.compile("(\\d{4})/(\\d{1,2})/(\\d{1,2})");
    private static final Pattern SLASH = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})");

    private DateText() {
    }

    /**
     * The date, or null for blank text.
     *
     * @throws IllegalArgumentException with a message fit for a row error when the text is not a date or is ambiguous
     */
    static LocalDate parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (NO_DATE.matcher(t).matches()) {
            return null;
        }
        try {
            Matcher m;
            if ((m = ISO.matcher(t)).matches() || (m = YEAR_FIRST_DOTS.matcher(t)).matches()
                    || (m = COMPACT.matcher(t)).matches() || (m = YEAR_FIRST_SLASH.matcher(t)).matches()) {
                return date(m.group(1), m.group(2), m.group(3));
            }
            if ((m = DAY_FIRST_DOTS.matcher(t)).matches()) {
                return date(m.group(3), m.group(2), m.group(1));
            }
            if ((m = SLASH.matcher(t)).matches()) {
                int a = Integer.parseInt(m.group(1));
                int b = Integer.parseInt(m.group(2));
                if (a > 12 || a == b) {
                    return date(m.group(3), m.group(2), m.group(1));
                }
                if (b > 12) {
                    return date(m.group(3), m.group(1), m.group(2));
                }
                throw new IllegalArgumentException("'" + t
                        + "' is ambiguous (month/day or day/month?); use 2024-05-31");
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + t + "' is not a valid date");
        }
        throw new IllegalArgumentException("'" + t + "' is not a date (expected e.g. 2024-05-31 or 31.05.2024)");
    }

    private static LocalDate date(String year, String month, String day) {
        int y = Integer.parseInt(year);
        if (year.length() == 2) {
            y += y < 30 ? 2000 : 1900; // as Excel and LibreOffice read a two-digit year
        }
        return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
    }
}
