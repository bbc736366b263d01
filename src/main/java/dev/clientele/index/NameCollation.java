package dev.clientele.index;

import com.ibm.icu.text.Collator;
import com.ibm.icu.util.ULocale;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collation {@code sort=name} orders by ({@code search.collation}): ICU's for a language, so each audience sees
 * the order of its own alphabet. {@code root} (the default) orders every script sensibly but by no one language:
 * accents are secondary ({@code Ács} with {@code A}, {@code Ördög} among the {@code O}s) and digraphs are letter
 * pairs ({@code Cs} among the {@code C}s). {@code hu} puts {@code Cs} after {@code Cz}, {@code Ö} after {@code O} and
 * {@code Zs} after {@code Zu}; {@code de} keeps {@code Ö} with {@code O} ({@code de-u-co-phonebk}: as {@code Oe});
 * {@code ru} puts Cyrillic before Latin. The sort keys are computed when a customer is indexed, so a changed
 * collation re-indexes at the next open ({@link CustomerIndex}). Thread-safe: collators are frozen.
 */
public final class NameCollation {
    public static final String ROOT = "root";

    private static final ConcurrentHashMap<String, Collator> COLLATORS = new ConcurrentHashMap<>();

    private NameCollation() {
    }

    /**
     * The canonical form of a collation name: {@code root} or a BCP 47 language tag ({@code hu}, {@code de},
     * {@code de-u-co-phonebk}, {@code ru}), lower case.
     *
     * @throws IllegalArgumentException if it is neither root nor a tag of a language ICU collates
     */
    public static String canonical(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a collation must be root or a language tag such as hu or de");
        }
        String n = name.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (n.equals(ROOT) || n.equals("und")) {
            return ROOT;
        }
        ULocale locale = ULocale.forLanguageTag(n);
        if (locale.getLanguage().isEmpty() || !Languages.ALL.contains(locale.getLanguage())) {
            throw new IllegalArgumentException("'" + name + "' is neither root nor a language ICU collates (such as "
                    + "hu, de, de-u-co-phonebk, ru, en)");
        }
        return locale.toLanguageTag().toLowerCase(Locale.ROOT);
    }

    /** The frozen collator of a canonical collation name (tertiary strength: case breaks ties only). */
    static Collator collator(String canonical) {
        return COLLATORS.computeIfAbsent(canonical, n -> {
            Collator c = Collator.getInstance(n.equals(ROOT) ? ULocale.ROOT : ULocale.forLanguageTag(n));
            c.setStrength(Collator.TERTIARY);
            return c.freeze();
        });
    }

    /** The languages ICU has collation data for (built on first use). */
    private static final class Languages {
        static final Set<String> ALL = build();

        private static Set<String> build() {
            Set<String> out = new TreeSet<>();
            for (ULocale l : Collator.getAvailableULocales()) {
                if (!l.getLanguage().isEmpty()) {
                    out.add(l.getLanguage());
                }
            }
            return out;
        }
    }
}
