package dev.clientele.ingest;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps what people type into a country cell ("Deutschland", "Magyarország", "Россия", "UK", "HUN") to an ISO
 * 3166-1 alpha-2 code. Built once from the JDK's country names in English, German, Hungarian and Russian plus a few
 * colloquial aliases. Thread-safe.
 */
final class Countries {
    private static final Locale[] LANGUAGES = {Locale.ENGLISH, Locale.GERMAN, Locale.of("hu"), Locale.of("ru")};
    private static final Map<String, String> BY_NAME = build();

    private Countries() {
    }

    /**
     * The ISO alpha-2 code for a code or name, or the trimmed input unchanged when it is not recognised (so the
     * validator reports it against the right column instead of it silently disappearing).
     */
    static String toIso(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String code = BY_NAME.get(key(text));
        return code != null ? code : text.strip();
    }

    private static Map<String, String> build() {
        Map<String, String> map = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale country = Locale.of("", code);
            map.put(key(code), code);
            map.put(key(country.getISO3Country()), code);
            for (Locale language : LANGUAGES) {
                map.putIfAbsent(key(country.getDisplayCountry(language)), code);
            }
        }
        String[][] aliases = {
            {"UK", "GB"}, {"Great Britain", "GB"}, {"England", "GB"}, {"Scotland", "GB"}, {"Wales", "GB"},
            {"Großbritannien", "GB"}, {"Vereinigtes Königreich", "GB"}, {"Nagy-Britannia", "GB"},
            {"Egyesült Királyság", "GB"}, {"Великобритания", "GB"}, {"Англия", "GB"},
            {"USA", "US"}, {"U.S.", "US"}, {"U.S.A.", "US"}, {"United States of America", "US"}, {"America", "US"},
            {"Vereinigte Staaten", "US"}, {"Amerikai Egyesült Államok", "US"}, {"США", "US"},
            {"Czech Republic", "CZ"}, {"Tschechische Republik", "CZ"}, {"Holland", "NL"}, {"Russia", "RU"},
            {"Russian Federation", "RU"}, {"Российская Федерация", "RU"}, {"РФ", "RU"}, {"BRD", "DE"},
            {"Bundesrepublik Deutschland", "DE"}, {"Schweiz", "CH"}, {"Suisse", "CH"}, {"Svájc", "CH"},
            {"Österreich", "AT"}, {"Ausztria", "AT"}, {"Németország", "DE"}, {"Magyarország", "HU"},
            {"Ungarn", "HU"}, {"Венгрия", "HU"}, {"Германия", "DE"}, {"Австрия", "AT"},
        };
        for (String[] alias : aliases) {
            map.put(key(alias[0]), alias[1]);
        }
        return Map.copyOf(map);
    }

    // Case, accents, dots and spaces vary between sources ("U.S.A.", "Osterreich"); none of them tells countries apart.
    private static String key(String s) {
        String d = Normalizer.normalize(s.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
