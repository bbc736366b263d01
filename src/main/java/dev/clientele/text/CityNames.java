package dev.clientele.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names one city has in other languages (exonyms): Wien = Vienna = Bécs = Вена, Pozsony = Bratislava, Москва =
 * Moscow = Moskau. Transliteration already makes {@code Берлин} equal to {@code Berlin}; this list covers the names
 * it cannot, read from a word list such as the bundled {@code city-names.tsv}.
 *
 * <p>All look-ups go through {@link #key}: folded, transliterated, with punctuation and hyphens as single spaces,
 * so {@code Sankt-Peterburg}, {@code sankt peterburg} and {@code Санкт-Петербург} are one name. Immutable and
 * thread-safe once built.
 *
 * <p>A city's names count only for customers in its country or with no country: Moscow, Idaho is another town.
 *
 * <p>File format: one city per line: its ISO 3166 country code, a tab, then its names separated by commas, the
 * first name being the city's canonical key; blank lines and lines starting with {@code #} are ignored. A name may
 * belong to one city only.
 */
public final class CityNames {

    /** The bundled list's classpath location. */
    public static final String DEFAULT_RESOURCE = "/dev/clientele/text/city-names.tsv";

    private static volatile CityNames defaultInstance;

    /** Key of a name → its city. */
    private final Map<String, City> byKey;

    /** One city: its canonical key, its country, every name listed for it as written in the file, and their keys. */
    private record City(String canonical, String country, List<String> names, List<String> keys) {
        boolean in(String customerCountry) {
            return customerCountry == null || customerCountry.isBlank() || country.equalsIgnoreCase(customerCountry.strip());
        }
    }

    private CityNames(Map<String, City> byKey) {
        this.byKey = byKey;
    }

    /** The bundled list, parsed once and shared. */
    public static CityNames load() {
        CityNames c = defaultInstance;
        if (c == null) {
            synchronized (CityNames.class) {
                c = defaultInstance;
                if (c == null) {
                    try (InputStream in = CityNames.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
                        }
                        c = parse(new InputStreamReader(in, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
                    }
                    defaultInstance = c;
                }
            }
        }
        return c;
    }

    /**
     * Parses a list in the format described above. Does not close the reader.
     *
     * @throws IllegalArgumentException if a name is listed for two different cities
     */
    public static CityNames parse(Reader reader) throws IOException {
        Map<String, City> byKey = new HashMap<>();
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int tab = trimmed.indexOf('\t');
            String country = tab < 0 ? "" : trimmed.substring(0, tab).strip();
            if (!country.matches("[A-Z]{2}")) {
                throw new IllegalArgumentException("line " + number + ": expected a country code and a tab first");
            }
            List<String> names = new ArrayList<>();
            for (String part : trimmed.substring(tab + 1).split(",")) {
                if (!key(part).isEmpty()) {
                    names.add(part.strip());
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            // With its country in parentheses, which no key has: Moscow, Idaho stays "moscow".
            City city = new City(key(names.get(0)) + " (" + country + ")", country, List.copyOf(names),
                    names.stream().map(CityNames::key).toList());
            for (int i = 0; i < names.size(); i++) {
                City before = byKey.putIfAbsent(city.keys().get(i), city);
                if (before != null && before != city) {
                    throw new IllegalArgumentException("line " + number + ": \"" + names.get(i)
                            + "\" is already a name of " + before.canonical());
                }
            }
        }
        return new CityNames(Map.copyOf(byKey));
    }

    /**
     * The comparable form of a city name: {@link Folding#latin}, every run of characters other than letters and
     * digits as one space, trimmed ({@code "St. Petersburg"} → {@code "st petersburg"}). Empty for null or blank.
     */
    public static String key(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        String latin = Folding.latin(name.strip());
        StringBuilder sb = new StringBuilder(latin.length());
        boolean space = false;
        for (int i = 0; i < latin.length(); i++) {
            char c = latin.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (space && !sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(c);
                space = false;
            } else {
                space = true;
            }
        }
        return sb.toString();
    }

    /**
     * The city's canonical key when the list knows the name in that country ("Bécs", AT → "vienna (AT)"), otherwise
     * the name's own {@link #key} ("Vienna", US → "vienna"), so the result can always be compared. Empty for null
     * or blank.
     *
     * @param country the customer's ISO country code; null or blank: any
     */
    public String canonical(String name, String country) {
        String k = key(name);
        City city = city(k, country);
        return city != null ? city.canonical() : k;
    }

    /**
     * True when both names are the same city: equal keys, or names of one line ("Wien" and "Vienna") in its country
     * (or with no country given).
     */
    public boolean sameCity(String a, String countryA, String b, String countryB) {
        String x = canonical(a, countryA);
        return !x.isEmpty() && x.equals(canonical(b, countryB));
    }

    /**
     * The city's other names as the list writes them ("Wien" → Vienna, Bécs, Вена, Відень), one per key and without
     * the given name's key; empty for a name the list does not know in that country.
     */
    public List<String> otherNames(String name, String country) {
        String k = key(name);
        City city = city(k, country);
        if (city == null) {
            return List.of();
        }
        List<String> others = new ArrayList<>(city.names().size());
        java.util.Set<String> seen = new java.util.HashSet<>(List.of(k));
        for (int i = 0; i < city.names().size(); i++) {
            if (seen.add(city.keys().get(i))) {
                others.add(city.names().get(i));
            }
        }
        return others;
    }

    /** The city a name's {@link #key} belongs to in that country, or null. */
    private City city(String key, String country) {
        City city = byKey.get(key);
        return city != null && city.in(country) ? city : null;
    }

    /** The number of distinct name keys listed. */
    public int size() {
        return byKey.size();
    }
}
