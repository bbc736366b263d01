package dev.clientele.text;

import java.util.Set;

/**
 * Academic and professional titles written into a person's name fields ("Dr. Hans", "Prof. Dr. Weber",
 * "Dipl.-Ing. Anna", Hungarian "dr. Kovács"), and generations ("John Miller Jr.", Hungarian "ifj. Kovács János"):
 * not part of the name, so matching and blocking read the name without them. Stateless and thread-safe.
 */
public final class PersonNames {
    /** What {@link #generation} says of a junior (a son named as his father) and of a senior. */
    public static final String JUNIOR = "junior";
    public static final String SENIOR = "senior";

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
    /**
     * A generation written after a name ("John Miller Jr.", "Miller, Sr."), folded, without its dot: junior or
     * senior. Not part of the name, but a junior and a senior of one name are a son and his father.
     */
    private static final java.util.Map<String, String> TRAILING_GENERATIONS = java.util.Map.of("jr", JUNIOR,
            "junior", JUNIOR, "sr", SENIOR, "senior", SENIOR);
    /**
     * A generation written before a Hungarian name ("ifj. Kovács János", "id. Kovács"), folded: ifjabb (the younger)
     * and idősebb (the elder). The short forms count with their dot only.
     */
    private static final java.util.Map<String, String> LEADING_GENERATIONS = java.util.Map.of("ifj", JUNIOR,
            "ifjabb", JUNIOR, "id", SENIOR, "idosebb", SENIOR);

    private PersonNames() {
    }

    /**
     * The generation a name field says, {@link #JUNIOR} ({@code Jr.}, {@code Junior}, Hungarian {@code ifj.}) or
     * {@link #SENIOR} ({@code Sr.}, {@code Senior}, {@code id.}), or null when it says none.
     */
    public static String generation(String name) {
        if (name == null) {
            return null;
        }
        int from = skipSeparators(name, 0);
        int end = wordEnd(name, from);
        if (end > from) {
            String first = LEADING_GENERATIONS.get(Folding.fold(name.substring(from, end)));
            boolean dotted = end < name.length() && name.charAt(end) == '.';
            if (first != null && (dotted || end - from > 3)) {
                return first;
            }
        }
        String rest = name.strip();
        int last = Math.max(rest.lastIndexOf(' '), rest.lastIndexOf(','));
        return last > 0 ? TRAILING_GENERATIONS.get(Folding.fold(rest.substring(last + 1)).replace(".", "")) : null;
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
            boolean known = TITLES.contains(word) || titled && FACULTIES.contains(word)
                    || LEADING_GENERATIONS.containsKey(word);
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
        String trailing = last > 0 ? Folding.fold(rest.substring(last + 1)).replace(".", "") : "";
        if (TRAILING.contains(trailing) || TRAILING_GENERATIONS.containsKey(trailing)) {
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
