package dev.clientele.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Street-type words (Street, Straße, utca, улица …) and their abbreviations: one table for search, which writes an
 * abbreviation out as the word it stands for ({@link #ABBREVIATIONS}, read by the index's street analysis), and for
 * matching, which compares street names without their types ({@link #isType}), since each type is written in
 * every possible way: {@code u.}, {@code utca}; {@code ул.}, {@code улица}, {@code ulitsa}; {@code д. 5}, {@code дом
 * 5}, {@code 5}. Stateless and thread-safe.
 */
public final class StreetTypes {
    /**
     * Abbreviations (folded) that search reads as the words they stand for (as written). Only those that stand for
     * one street word whatever the language ({@code pl.} is Platz here, though Russian {@code пл.} is площадь): a
     * word of this map replaces the abbreviation in the index.
     */
    public static final Map<String, List<String>> ABBREVIATIONS = Map.ofEntries(
            Map.entry("pl", List.of("Platz")),
            Map.entry("u", List.of("utca")),
            Map.entry("krt", List.of("körút")),
            Map.entry("sgt", List.of("sugárút")),
            Map.entry("ltp", List.of("lakótelep")),
            Map.entry("ul", List.of("улица")),
            Map.entry("pr", List.of("проспект")),
            Map.entry("per", List.of("переулок")),
            Map.entry("d", List.of("дом")),
            Map.entry("st", List.of("Street", "Saint")),
            Map.entry("rd", List.of("Road")),
            Map.entry("ave", List.of("Avenue")));

    /** Street types as written, with their abbreviations, by language (besides those of {@link #ABBREVIATIONS}). */
    private static final List<String> TYPES = List.of(
            "Street", "Road", "Avenue", "Av", "Place", "Drive", "Dr", "Court", "Ct", "Crescent", "Cres", "Circuit",
            "Cct", "Close", "Lane", "Ln", "Way", "Parade", "Pde", "Terrace", "Tce", "Boulevard", "Blvd", "Highway",
            "Hwy", "Square", "Sq",
            "Straße", "Str", "Gasse", "Weg", "Platz", "Allee",
            "utca", "út", "körút", "tér", "sugárút", "köz", "sor", "lakótelep",
            // Russian: street, avenue, lane, square, boulevard, highway; house, building, flat (дом 5, корп. 2, кв. 17)
            "улица", "проспект", "переулок", "площадь", "пл", "бульвар", "б-р", "шоссе", "ш", "дом", "корпус", "корп",
            "квартира", "кв",
            // ... and as people romanise them, besides the form Folding gives
            "ulica", "ulitsa", "ulitza", "prospect", "pereulok", "ploshchad", "ploschad", "bulvar", "shosse", "sh",
            "korpus", "korp", "kvartira", "kv");

    /** Hyphenated abbreviations ({@code б-р}, {@code пр-т}), folded, which the tokenizer would split in two. */
    private static final Map<Pattern, String> HYPHENATED = Map.of(
            Pattern.compile("(?<![\\p{L}\\p{N}])b-r(?![\\p{L}\\p{N}])"), "bulvar",
            Pattern.compile("(?<![\\p{L}\\p{N}])pr-t(?![\\p{L}\\p{N}])"), "prospekt");

    private static final Set<String> FOLDED = folded();

    private StreetTypes() {
    }

    private static Set<String> folded() {
        List<String> all = new ArrayList<>(TYPES);
        all.addAll(ABBREVIATIONS.keySet());
        ABBREVIATIONS.values().forEach(all::addAll);
        all.remove("Saint"); // St stands for it as well, but it names the street ("St Mary's Rd"), so it is kept
        Set<String> out = new HashSet<>();
        for (String type : all) {
            out.addAll(words(type));
            if (!Folding.hasNonLatinLetter(type)) {
                out.addAll(Folding.tokens(Folding.foldGerman(type))); // körút as koerut too
            }
        }
        return Set.copyOf(out);
    }

    /** Whether a folded, transliterated word ({@link #words}) is a street type or its abbreviation. */
    public static boolean isType(String word) {
        return FOLDED.contains(word);
    }

    /**
     * The words of a street line, folded and transliterated, with the hyphenated abbreviations read as one word
     * ({@code б-р Гагарина, д. 3} → {@code bulvar gagarina d 3}).
     */
    public static List<String> words(String street) {
        String latin = Folding.latin(street);
        if (latin.indexOf('-') >= 0) {
            for (var e : HYPHENATED.entrySet()) {
                latin = e.getKey().matcher(latin).replaceAll(e.getValue());
            }
        }
        return Folding.tokens(latin);
    }
}
