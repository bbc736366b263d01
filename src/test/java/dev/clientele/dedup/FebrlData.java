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
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a Febrl data set from the test classpath as customers: given_name → first name, surname → last name,
 * street_number + address_1 + address_2 → street, suburb → city, postcode, state → region, country AU,
 * date_of_birth (yyyymmdd, invalid dates dropped) → birthday. soc_sec_id is ignored on purpose: real customers
 * have no such identifier and it would make matching trivial.
 */
final class FebrlData {

    /** The customers, and the true duplicate pairs as "idA|idB" with idA &lt; idB. */
    record Dataset(List<Customer> customers, Set<String> truePairs) {
    }

    private FebrlData() {
    }

    static Dataset load(String name) {
        String resource = "/fixtures/febrl/" + name;
        try (InputStream in = FebrlData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            List<Customer> customers = new ArrayList<>();
            Map<String, List<String>> groups = new HashMap<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                String id = f[0].strip();
                String street = join(f[3], f[4], f[5]);
                Address address = new Address(street, text(f[6]), text(f[8]), text(f[7]), "AU");
                customers.add(TestCustomers.customer(id, Kind.PERSON, text(f[1]), text(f[2]), null, List.of(),
                        List.of(), address, date(f[9])));
                groups.computeIfAbsent(entity(id), k -> new ArrayList<>()).add(id);
            }
            Set<String> pairs = new HashSet<>();
            for (List<String> ids : groups.values()) {
                for (int i = 0; i < ids.size(); i++) {
                    for (int j = i + 1; j < ids.size(); j++) {
                        pairs.add(pairKey(ids.get(i), ids.get(j)));
                    }
                }
            }
            return new Dataset(List.copyOf(customers), Set.copyOf(pairs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    /** "rec-12-dup-3" → "12". */
    private static String entity(String id) {
        return id.split("-")[1];
    }

    private static String join(String number, String address1, String address2) {
        StringBuilder sb = new StringBuilder();
        String n = text(number);
        String a1 = text(address1);
        String a2 = text(address2);
        if (n != null) {
            sb.append(n);
        }
        if (a1 != null) {
            sb.append(sb.isEmpty() ? "" : " ").append(a1);
        }
        if (a2 != null) {
            sb.append(sb.isEmpty() ? "" : ", ").append(a2);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String text(String s) {
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    private static LocalDate date(String s) {
        String t = s.strip();
        if (t.length() != 8) {
            return null;
        }
        try {
            return LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
