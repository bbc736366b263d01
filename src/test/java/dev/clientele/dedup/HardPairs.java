package dev.clientele.dedup;

import dev.clientele.customer.Address;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads {@code fixtures/dedup/hard-pairs.csv}: two customer rows per labelled pair (see the file's header). */
final class HardPairs {

    /**
     * One labelled pair: {@code knownMiss} says why the matcher gets it wrong today, or is null;
     * {@code expectMatch} is true for "match" (LIKELY or POSSIBLE) and "likely", false for
     * "distinct" and "possible"; {@code ambiguous} is true for "possible" (exactly POSSIBLE expected: shown for review,
     * never LIKELY); {@code likely} is true for "likely" (exactly LIKELY: a match the data leave no doubt about, such
     * as one address written two ways, which a misread would leave merely possible).
     */
    record LabelledPair(String id, boolean expectMatch, boolean ambiguous, boolean likely, String note, Customer left,
            Customer right, String knownMiss) {
        /** Whether the file marks the pair as one the matcher gets wrong today (its {@code known_miss} column). */
        boolean isKnownMiss() {
            return knownMiss != null;
        }
    }

    private static final String RESOURCE = "/fixtures/dedup/hard-pairs.csv";

    private HardPairs() {
    }

    static List<LabelledPair> load() {
        try (InputStream in = HardPairs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> header = split(reader.readLine());
            Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> cells = split(line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), i < cells.size() ? cells.get(i).strip() : "");
                }
                rows.computeIfAbsent(row.get("pair"), k -> new ArrayList<>()).add(row);
            }
            List<LabelledPair> pairs = new ArrayList<>();
            for (var e : rows.entrySet()) {
                List<Map<String, String>> two = e.getValue();
                if (two.size() != 2) {
                    throw new IllegalStateException("pair " + e.getKey() + " has " + two.size() + " rows, not 2");
                }
                String expected = two.get(0).get("expected");
                if (!List.of("match", "likely", "distinct", "possible").contains(expected)) {
                    throw new IllegalStateException("pair " + e.getKey() + ": bad expected value " + expected);
                }
                pairs.add(new LabelledPair(e.getKey(), expected.equals("match") || expected.equals("likely"),
                        expected.equals("possible"), expected.equals("likely"), two.get(0).get("note"),
                        customer(e.getKey() + "a", two.get(0)), customer(e.getKey() + "b", two.get(1)),
                        text(two.get(0).get("known_miss"))));
            }
            return pairs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Customer customer(String id, Map<String, String> row) {
        Address address = new Address(text(row.get("street")), text(row.get("city")), null,
                text(row.get("postal_code")), text(row.get("country")));
        String birthday = text(row.get("birthday"));
        Customer c = TestCustomers.customer(id, Kind.parse(row.get("kind")), text(row.get("first_name")),
                text(row.get("last_name")), text(row.get("company")), list(row.get("emails")),
                list(row.get("phones")), address.isEmpty() ? null : address,
                birthday == null ? null : LocalDate.parse(birthday));
        return TestCustomers.withWebsite(c, text(row.get("website")));
    }

    private static List<String> list(String cell) {
        return cell == null || cell.isBlank() ? List.of()
                : Arrays.stream(cell.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Splits one CSV line; double quotes protect commas, and a doubled quote inside quotes is a quote. */
    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
