package dev.clientele.ingest;

/**
 * Neutralises CSV cells that a spreadsheet would run as a formula ("CSV injection"), reversibly.
 *
 * <p>A cell starting with {@code = + - @}, tab or carriage return gets a leading apostrophe, which Excel and
 * LibreOffice show as text. Phone numbers such as {@code +36 1 234 5678} are neutralised too: telling a phone from
 * a formula is guesswork, and the apostrophe is harmless. To make export → import exact, a value that already starts
 * with apostrophes followed by a trigger character gets one more, and {@link #unescape} removes exactly one
 * apostrophe from any cell of the form {@code '+…}, {@code ''=…} and so on.
 */
public final class FormulaGuard {
    private FormulaGuard() {
    }

    /** The cell, with one more leading apostrophe when a spreadsheet would run it as a formula. */
    public static String escape(String cell) {
        return needsApostrophe(cell) ? "'" + cell : cell;
    }

    /**
     * A list cell: each value escaped on its own and joined with {@code separator}, so that no value of it starts a
     * formula once a spreadsheet splits the cell on {@code ;}; {@link #unescape} each value after splitting.
     */
    public static String escapeList(java.util.List<String> values, String separator) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (!sb.isEmpty()) {
                sb.append(separator);
            }
            sb.append(escape(v));
        }
        return sb.toString();
    }

    static String unescape(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && needsApostrophe(cell.substring(1))
                ? cell.substring(1) : cell;
    }

    private static boolean needsApostrophe(String cell) {
        int i = 0;
        while (i < cell.length() && cell.charAt(i) == '\'') {
            i++;
        }
        return i < cell.length() && isTrigger(cell.charAt(i));
    }

    private static boolean isTrigger(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
