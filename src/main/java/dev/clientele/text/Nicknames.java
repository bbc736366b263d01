package dev.clientele.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Groups of equivalent given names (Bob = Robert, Pista = István, Саша = Sasha = Alexander), read from a word
 * list such as the bundled {@code nicknames.tsv}.
 *
 * <p>All look-ups fold and transliterate the name first ({@link Folding#latin}), so spelling with or without
 * accents and in Cyrillic or Latin letters finds the same groups. Immutable and thread-safe once built.
 *
 * <p>File format: one group per line, names separated by tabs or commas, the first name being the group's
 * canonical key; blank lines and lines starting with {@code #} are ignored.
 */
public final class Nicknames {

    /** The bundled list's classpath location. */
    public static final String DEFAULT_RESOURCE = "/dev/clientele/text/nicknames.tsv";

    private static volatile Nicknames defaultInstance;

    /** Folded name → canonical keys of every group it belongs to. */
    private final Map<String, Set<String>> groupsByName;

    private Nicknames(Map<String, Set<String>> groupsByName) {
        this.groupsByName = groupsByName;
    }

    /** The bundled list, parsed once and shared. */
    public static Nicknames load() {
        Nicknames n = defaultInstance;
        if (n == null) {
            synchronized (Nicknames.class) {
                n = defaultInstance;
                if (n == null) {
                    try (InputStream in = Nicknames.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
                        }
                        n = parse(new InputStreamReader(in, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
                    }
                    defaultInstance = n;
                }
            }
        }
        return n;
    }

    /** Parses a list in the format described above. Does not close the reader. */
    public static Nicknames parse(Reader reader) throws IOException {
        Map<String, Set<String>> groups = new HashMap<>();
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String line;
        while ((line = lines.readLine()) != null) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String canonical = null;
            for (String part : trimmed.split("[\\t,]")) {
                String name = normalize(part);
                if (name.isEmpty()) {
                    continue;
                }
                if (canonical == null) {
                    canonical = name;
                }
                groups.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(canonical);
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        groups.forEach((name, keys) -> frozen.put(name, Set.copyOf(keys)));
        return new Nicknames(Map.copyOf(frozen));
    }

    /**
     * The canonical keys of every group the name belongs to ("bob" → {"robert"}, "alex" → {"alexander",
     * "alexandra", "aleksandr", ...}); for a name in no group, the folded name itself, so the result can always be
     * used as a key. Empty for null or blank names.
     */
    public Set<String> canonical(String name) {
        String n = normalize(name);
        if (n.isEmpty()) {
            return Set.of();
        }
        Set<String> keys = groupsByName.get(n);
        return keys != null ? keys : Set.of(n);
    }

    /** True when the name is listed in at least one group. */
    public boolean isKnown(String name) {
        return groupsByName.containsKey(normalize(name));
    }

    /** True when both names fold to the same text or share a group ("Rob" and "Robert", "Саша" and "Alexander"). */
    public boolean areEquivalent(String a, String b) {
        String x = normalize(a);
        String y = normalize(b);
        if (x.isEmpty() || y.isEmpty()) {
            return false;
        }
        if (x.equals(y)) {
            return true;
        }
        Set<String> gx = groupsByName.get(x);
        Set<String> gy = groupsByName.get(y);
        if (gx == null || gy == null) {
            return false;
        }
        for (String k : gx) {
            if (gy.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the name is the canonical (first, formal) name of one of its groups: "István" and "Robert", not
     * "Pista" or "Bob"; false for a name in no group.
     */
    public boolean isFormal(String name) {
        String n = normalize(name);
        Set<String> keys = groupsByName.get(n);
        return keys != null && keys.contains(n);
    }

    /** The number of distinct names listed. */
    public int size() {
        return groupsByName.size();
    }

    private static String normalize(String name) {
        if (name == null) {
            return "";
        }
        String folded = Folding.latin(name.strip());
        StringBuilder sb = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.isLetter(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
