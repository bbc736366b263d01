package dev.clientele.ingest;

/**
 * A full name split into the first and last name Clientele keeps.
 *
 * <p>Family-first names put the first word into {@code last} ("Kovács Márton", "Иванов Иван Петрович"); given-first
 * names put the last word into {@code last} ("Mary Ann Smith"). Whatever remains, such as a Russian patronymic,
 * stays in {@code first} because Clientele has no middle-name field and "Иван Петрович" is how the person is
 * addressed. A comma always means family-first ("Smith, John"). A single word becomes the last name.
 */
record FullName(String first, String last) {

    static FullName split(String text, NameOrder order) {
        if (text == null || text.isBlank()) {
            return new FullName(null, null);
        }
        String t = text.strip();
        int comma = t.indexOf(',');
        if (comma >= 0) {
            return new FullName(blankToNull(t.substring(comma + 1)), blankToNull(t.substring(0, comma)));
        }
        String[] words = t.split("\\s+");
        if (words.length == 1) {
            return new FullName(null, t);
        }
        if (order == NameOrder.FAMILY_FIRST) {
            return new FullName(t.substring(words[0].length()).strip(), words[0]);
        }
        String last = words[words.length - 1];
        return new FullName(t.substring(0, t.length() - last.length()).strip(), last);
    }

    private static String blankToNull(String s) {
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
