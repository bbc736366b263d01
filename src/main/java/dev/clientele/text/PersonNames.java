package dev.clientele.text;

import java.util.Set;

/**
 * Academic and professional titles written into a person's name fields ("Dr. Hans", "Prof. Dr. Weber",
 * "Dipl.-Ing. Anna", Hungarian "dr. Kovács"): not part of the name, so matching and blocking read the name without
 * them. Stateless and thread-safe.
 */
public final class PersonNames {
    /** Titles that start a run of titles (folded, without their dots). */
    private static final Set<String> TITLES = Set.of("dr", "prof", "professor", "doktor", "dipl", "ing", "mag",
            "univ", "priv", "doz");
    /**
     * Words that follow a title ("Dr. med.", "Dr. rer. nat.", "Dr. h. c."): read as part of it only after one, since
     * some are names on their own (Phil).
     */
    private static final Set<String> FACULTIES = Set.of("med", "dent", "vet", "phil", "jur", "rer", "nat", "pol",
            "oec", "habil", "h", "c", "hc", "techn", "sc");
    /** Degrees written after a name ("Anna Schmidt PhD"). */
    private static final Set<String> TRAILING = Set.of("phd", "mba", "llm");

    private PersonNames() {
    }

    /**
     * The name without the titles it starts with and the degrees it ends with; the name as it is when nothing else
     * would be left (a field holding only "Dr.") or when it has none.
     */
    public static String withoutTitles(String name) {
        if (name == null) {
            return null;
        }
        int start = 0;
        boolean titled = false;
        while (true) {
            int from = skipSeparators(name, start);
            int end = wordEnd(name, from);
            if (end == from) {
                break;
            }
            String word = Folding.fold(name.substring(from, end));
            boolean dotted = end < name.length() && name.charAt(end) == '.';
            boolean known = TITLES.contains(word) || titled && FACULTIES.contains(word);
            // Short titles count with their dot ("Ing." but not a given name Ing), Dr and Prof also without one.
            boolean written = dotted || word.equals("dr") || word.equals("prof") || word.length() > 4;
            if (!known || !written) {
                break;
            }
            titled = true;
            start = dotted ? end + 1 : end;
        }
        String rest = name.substring(skipSeparators(name, start)).strip();
        int last = Math.max(rest.lastIndexOf(' '), rest.lastIndexOf(','));
        if (last > 0 && TRAILING.contains(Folding.fold(rest.substring(last + 1)).replace(".", ""))) {
            rest = rest.substring(0, last).replaceAll("[\\s,]+$", "");
        }
        return rest.isEmpty() ? name : rest;
    }

    private static int skipSeparators(String s, int at) {
        while (at < s.length() && (Character.isWhitespace(s.charAt(at)) || s.charAt(at) == '-')) {
            at++;
        }
        return at;
    }

    private static int wordEnd(String s, int at) {
        while (at < s.length() && Character.isLetter(s.charAt(at))) {
            at++;
        }
        return at;
    }
}
