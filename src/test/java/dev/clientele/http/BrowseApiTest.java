package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.customer.Customer;
import dev.clientele.customer.Purchase;
import dev.clientele.demo.CustomerGenerator;
import dev.clientele.json.Json;
import dev.clientele.store.CustomerStore;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/search} and {@code /api/facets/{dim}/values} over HTTP, against brute force. */
class BrowseApiTest {
    @TempDir
    Path dir;
    TestServer server;
    List<Customer> customers = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new TestServer(dir);
        load(server, 300, customers);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Writes generated customers into the server's store and returns them as stored. */
    static void load(TestServer server, int n, List<Customer> out) {
        CustomerStore store = server.app().store();
        CustomerGenerator gen = new CustomerGenerator(5, List.of("hu", "ru", "de", "en"), 0.03,
                LocalDate.now(ZoneOffset.UTC));
        List<CustomerStore.BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(CustomerStore.BatchItem.of(gen.next()));
        }
        store.writeBatch(batch);
        store.index().refresh();
        store.index().forEach(out::add);
    }

    static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static long cents(BigDecimal d) {
        return d.movePointRight(2).longValueExact();
    }

    static String country(Customer c) {
        return c.address() == null ? null : c.address().country();
    }

    static long windowCents(Customer c, LocalDate from, LocalDate to) {
        long s = 0;
        for (Purchase p : c.purchases()) {
            if (p.date() != null && !p.date().isBefore(from) && !p.date().isAfter(to)) {
                s += cents(p.amount());
            }
        }
        return s;
    }

    private Map<String, long[]> expected(Predicate<Customer> filter, Function<Customer, String> dim) {
        Map<String, long[]> out = new TreeMap<>();
        for (Customer c : customers) {
            String v = dim.apply(c);
            if (filter.test(c) && v != null) {
                long[] a = out.computeIfAbsent(v, k -> new long[2]);
                a[0]++;
                a[1] += cents(c.lifetimeSpend());
            }
        }
        return out;
    }

    private static Map<String, long[]> actual(JsonNode facet) {
        Map<String, long[]> out = new TreeMap<>();
        facet.path("values").forEach(v -> out.put(v.path("value").asText(), new long[] {v.path("count").asLong(),
            cents(v.path("aggregates").path("spend_sum").decimalValue())}));
        return out;
    }

    private static void assertSameCounts(Map<String, long[]> actual, Map<String, long[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).containsExactly(v));
    }

    @Test
    void filtered_multi_select_facets_and_window_aggregates_match_brute_force() {
        LocalDate to = LocalDate.now(ZoneOffset.UTC).minusDays(10);
        LocalDate from = to.minusDays(200);
        JsonNode r = json(server.get("/api/search?country=DE&country=HU&not_industry=Retail&kind=person"
                + "&facet=country&facet=industry&facet=kind&facet=rep&facet_limit=1000&limit=7"
                + "&spent_from=" + from + "&spent_to=" + to + "&spent_min=10"));
        Predicate<Customer> country = c -> List.of("DE", "HU").contains(country(c));
        Predicate<Customer> industry = c -> !"Retail".equals(c.industry());
        Predicate<Customer> kind = c -> c.kind() != null && c.kind().wire().equals("person");
        Predicate<Customer> window = c -> windowCents(c, from, to) >= 1000;
        Predicate<Customer> all = country.and(industry).and(kind).and(window);
        List<Customer> matches = customers.stream().filter(all).toList();

        assertThat(r.path("total").asLong()).isEqualTo(matches.size()).isPositive();
        JsonNode agg = r.path("aggregates");
        assertThat(agg.path("count").asLong()).isEqualTo(matches.size());
        assertThat(cents(agg.path("spend_sum").decimalValue()))
                .isEqualTo(matches.stream().mapToLong(c -> cents(c.lifetimeSpend())).sum());
        assertThat(cents(agg.path("window_spend_sum").decimalValue()))
                .isEqualTo(matches.stream().mapToLong(c -> windowCents(c, from, to)).sum());
        assertThat(r.path("customers")).hasSize(Math.min(7, matches.size()));
        assertThat(r.path("next_cursor").isTextual()).isEqualTo(matches.size() > 7);

        // each selected dimension is counted without its own selection
        assertSameCounts(actual(r.path("facets").path("country")),
                expected(industry.and(kind).and(window), BrowseApiTest::country));
        assertSameCounts(actual(r.path("facets").path("industry")),
                expected(country.and(kind).and(window), Customer::industry));
        assertSameCounts(actual(r.path("facets").path("kind")),
                expected(country.and(industry).and(window), c -> c.kind().wire()));
        assertSameCounts(actual(r.path("facets").path("rep")), expected(all, Customer::rep));
        assertThat(r.path("facets").path("rep").path("total_values").asInt())
                .isEqualTo(expected(all, Customer::rep).size());
    }

    @Test
    void filter_values_are_read_in_the_form_writes_store_them_whatever_their_case() {
        String[][] same = {
            {"country=de", "country=DE"}, {"country=%20hu%20", "country=HU"}, {"not_country=de", "not_country=DE"},
            {"country=-ru", "country=-RU"}, {"kind=Company", "kind=company"},
            {"preferred_channel=In-Person", "preferred_channel=in_person"},
            {"preferred_channel=EMAIL", "preferred_channel=email"}, {"consent=Not-Given", "consent=not_given"},
            {"consent=GIVEN", "consent=given"}, {"opted_out=TRUE", "opted_out=true"},
            {"region_path=de&facet=region", "region_path=DE&facet=region"}};
        String region = customers.stream().filter(c -> c.address() != null && "DE".equals(c.address().country())
                && c.address().region() != null).map(c -> c.address().region()).findFirst().orElseThrow();
        assertSameAnswers("limit=0&facet=region", new String[][] {
            {"region_path=de/" + enc(region.toLowerCase(java.util.Locale.ROOT)), "region_path=DE/" + enc(region)},
            {"region_path=De/" + enc(region.toUpperCase(java.util.Locale.ROOT)), "region_path=DE/" + enc(region)}});
        assertSameAnswers("limit=0", same);
        String stage = customers.stream().map(Customer::funnelStage).filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow();
        assertThat(json(server.get("/api/search?limit=0&funnel_stage=" + enc(stage.toUpperCase(java.util.Locale.ROOT))))
                .path("total").asLong()).isEqualTo(customers.stream().filter(c -> stage.equals(c.funnelStage())).count());
    }

    @Test
    void filters_on_values_kept_in_their_written_case_ignore_case() {
        String cyrillicCity = customers.stream().map(c -> c.address() == null ? null : c.address().city())
                .filter(c -> c != null && c.codePoints().anyMatch(
                        cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.CYRILLIC))
                .findFirst().orElseThrow();
        String rep = customers.stream().map(Customer::rep).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        String industry = customers.stream().map(Customer::industry).filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow();
        String region = customers.stream().map(c -> c.address() == null ? null : c.address().region())
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        String tag = customers.stream().flatMap(c -> c.tags().stream()).findFirst().orElseThrow();
        String[][] same = {
            {"tag=" + enc(tag.toUpperCase(java.util.Locale.ROOT)), "tag=" + enc(tag)},
            {"city=" + enc(cyrillicCity.toLowerCase(java.util.Locale.ROOT)), "city=" + enc(cyrillicCity)},
            {"city=" + enc(cyrillicCity.toUpperCase(java.util.Locale.ROOT)), "city=" + enc(cyrillicCity)},
            {"rep=" + enc(rep.toUpperCase(java.util.Locale.ROOT)), "rep=" + enc(rep)},
            {"not_rep=" + enc(rep.toLowerCase(java.util.Locale.ROOT)), "not_rep=" + enc(rep)},
            {"industry=" + enc(industry.toLowerCase(java.util.Locale.ROOT)) + "&industry=" + enc(rep),
                "industry=" + enc(industry)},
            {"region=" + enc(region.toLowerCase(java.util.Locale.ROOT)), "region=" + enc(region)}};
        assertSameAnswers("limit=0&facet=rep,industry", same);
        assertThat(json(server.get("/api/search?limit=0&rep=" + enc(rep))).path("total").asLong())
                .isEqualTo(customers.stream().filter(c -> rep.equals(c.rep())).count());
        // a case-insensitive filter is not a prefix or fuzzy one
        assertThat(json(server.get("/api/search?limit=0&rep=" + enc(rep.substring(0, rep.length() - 1))))
                .path("total").asLong()).isZero();
    }

    /** Each pair's first parameters (as typed) find what its second (as stored) find, and that is not nothing. */
    private void assertSameAnswers(String params, String[][] same) {
        for (String[] pair : same) {
            JsonNode typed = json(server.get("/api/search?" + params + "&" + pair[0]));
            JsonNode stored = json(server.get("/api/search?" + params + "&" + pair[1]));
            assertThat(stored.path("total").asLong()).as(pair[1]).isPositive();
            assertThat(typed.path("total").asLong()).as(pair[0]).isEqualTo(stored.path("total").asLong());
            assertThat(typed.path("facets")).as(pair[0]).isEqualTo(stored.path("facets"));
        }
    }

    @Test
    void region_facet_drills_from_countries_to_regions() {
        JsonNode top = json(server.get("/api/search?facet=region&limit=0&facet_limit=100"));
        assertSameCounts(actual(top.path("facets").path("region")), expected(c -> true, BrowseApiTest::country));
        JsonNode de = json(server.get("/api/search?facet=region&limit=0&facet_limit=1000&region_path=DE"));
        assertThat(de.path("facets").path("region").path("path").asText()).isEqualTo("DE");
        assertSameCounts(actual(de.path("facets").path("region")), expected(c -> "DE".equals(country(c)),
                c -> c.address().region()));
        assertThat(de.path("facets").path("region").path("values").get(0).path("path").asText()).startsWith("DE/");
    }

    @Test
    void cursor_pages_cover_all_matches_in_spend_order() {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        List<BigDecimal> spends = new ArrayList<>();
        do {
            JsonNode r = json(server.get("/api/search?sort=-spend&limit=100&kind=company"
                    + (cursor == null ? "" : "&cursor=" + enc(cursor))));
            r.path("customers").forEach(c -> {
                ids.add(c.path("id").asText());
                spends.add(c.path("lifetime_spend").decimalValue());
            });
            cursor = r.path("next_cursor").isTextual() ? r.path("next_cursor").asText() : null;
        } while (cursor != null);
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(customers.stream()
                .filter(c -> c.kind().wire().equals("company")).map(Customer::id).toList());
        assertThat(spends).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void a_customer_changed_between_two_pages_is_not_listed_twice() {
        // The last customer of a page is re-indexed by a change that keeps its sort values (its name); the next
        // page starts after it all the same.
        for (String sort : List.of("name", "-name", "spend", "created", "relevance&facet=kind")) {
            JsonNode first = json(server.get("/api/search?limit=10&sort=" + sort));
            JsonNode customers = first.path("customers");
            String last = customers.get(customers.size() - 1).path("id").asText();
            HttpResponse<String> patched = server.send(server.request("/api/customers/" + last)
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"notes\":\"called "
                            + sort + "\"}")));
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            server.app().store().index().refresh();
            JsonNode second = json(server.get("/api/search?limit=10&sort=" + sort + "&cursor="
                    + enc(first.path("next_cursor").asText())));
            List<String> ids = new ArrayList<>();
            second.path("customers").forEach(c -> ids.add(c.path("id").asText()));
            assertThat(ids).as(sort).hasSize(10).doesNotContain(last);
        }
    }

    @Test
    void facet_value_search_finds_a_rep_by_a_folded_prefix_under_the_filters() {
        // A company's rep, chosen independently of index order (batches are written by parallel lanes, so the
        // order in which the index returns customers varies from run to run).
        String rep = customers.stream().filter(c -> c.kind().wire().equals("company") && c.rep() != null)
                .map(Customer::rep).sorted().findFirst().orElseThrow();
        String prefix = rep.substring(0, 3).toLowerCase();
        JsonNode r = json(server.get("/api/facets/rep/values?limit=100&kind=company&prefix=" + enc(prefix)));
        Map<String, Long> expected = new TreeMap<>();
        customers.stream().filter(c -> c.kind().wire().equals("company") && c.rep() != null
                && c.rep().toLowerCase().startsWith(prefix)).forEach(c -> expected.merge(c.rep(), 1L, Long::sum));
        Map<String, Long> actual = new TreeMap<>();
        r.path("values").forEach(v -> actual.put(v.path("value").asText(), v.path("count").asLong()));
        // word-start matches may add more reps; every prefix match must be there with its exact count
        assertThat(actual).containsAllEntriesOf(expected);
        assertThat(expected).isNotEmpty();
        actual.keySet().forEach(k -> assertThat(k.toLowerCase()).containsPattern("(^|[\\s\\-/.,])" + prefix));
    }

    @Test
    void bad_parameters_are_problems_naming_the_parameter() {
        for (String[] c : new String[][] {{"facet=colour", "facet"}, {"limit=101", "limit"},
            {"created_from=yesterday", "created_from"}, {"spend=lots", "spend"}, {"cursor=xyz", "cursor"},
            {"sort=shoe_size", "sort"}, {"facet=region&region_path=DE/Bayern/Passau", "region_path"},
            {"spent_min=5", "spent_within"}, {"spent_within=3x", "spent_within"}}) {
            HttpResponse<String> r = server.get("/api/search?" + c[0]);
            assertThat(r.statusCode()).as(c[0] + " " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"field\":\"" + c[1] + "\"");
        }
        assertThat(server.get("/api/facets/spend/values?prefix=1").statusCode()).isEqualTo(400);
    }

    @Test
    void unknown_parameters_impossible_values_and_empty_ranges_are_problems_naming_the_parameter() {
        // Each of these used to be ignored or to match nothing: a mistyped filter listed (and exported) everyone.
        String[][] cases = {{"contry=DE", "contry"}, {"q=anna&contry=DE", "contry"}, {"not_colour=red", "not_colour"},
            {"country=DE&Country=AT", "Country"}, {"facet=region&facet_offset.colour=2", "facet_offset.colour"},
            {"kind=robot", "kind"}, {"kind=-robot", "kind"}, {"not_opted_out=yes", "not_opted_out"},
            {"consent=maybe", "consent"}, {"preferred_channel=fax", "preferred_channel"},
            {"country=Germany", "country"}, {"not_country=DEU", "not_country"},
            {"spend=500-100", "spend"}, {"spend=100-100", "spend"}, {"not_spend=500-100", "spend"},
            {"spend_min=500&spend_max=100", "spend_max"},
            {"spent_within=30d&spent_min=500&spent_max=100", "spent_max"},
            {"spent_within=30d&purchases_min=3&purchases_max=1", "purchases_max"}};
        for (String[] c : cases) {
            for (String route : List.of("/api/search?", "/api/export?", "/api/facets/rep/values?")) {
                HttpResponse<String> r = server.get(route + c[0]);
                assertThat(r.statusCode()).as(route + c[0] + " " + r.body()).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(r.body()).as(route + c[0]).contains("\"field\":\"" + c[1] + "\"");
            }
        }
        // the route's own parameters are not refused by the others, and closed values in any case still work
        assertThat(server.get("/api/search?prefix=a").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/search?format=csv&country=DE").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/facets/rep/values?format=csv").statusCode()).isEqualTo(400);
        assertThat(server.postJson("/api/lists", "{\"name\":\"typo\",\"query\":\"contry=DE\"}").statusCode())
                .isEqualTo(400);
        for (String ok : List.of("kind=-Company&not_consent=Not-Given&preferred_channel=In-Person&opted_out=FALSE",
                "spend=100-500&spend_min=5&spend_max=5&facet_offset.rep=1&facet=rep",
                "spent_within=30d&spent_min=1&spent_max=1&purchases_min=2&purchases_max=2")) {
            assertThat(server.get("/api/search?" + ok).statusCode()).as(ok).isEqualTo(200);
            // an export takes no facets (they are refused there: it writes every match)
            String export = ok.replace("&facet_offset.rep=1&facet=rep", "");
            assertThat(server.get("/api/export?" + export).statusCode()).as(export).isEqualTo(200);
            assertThat(server.get("/api/facets/rep/values?prefix=a&" + ok).statusCode()).as(ok).isEqualTo(200);
        }
    }

    @Test
    void a_city_of_the_region_hierarchy_is_filtered_by_its_place_not_by_its_name() {
        // Neustadt in two regions of Germany and in Austria: the region facet counts each place apart, and so must
        // the filter that picks one of them (city=Neustadt is all three).
        String[][] places = {{"DE", "Bayern"}, {"DE", "Bayern"}, {"DE", "Hessen"}, {"DE", "Hessen"}, {"DE", "Hessen"},
            {"AT", "Bayern"}};
        for (String[] p : places) {
            server.createCustomer("{\"last_name\":\"Ort\",\"address\":{\"city\":\"Neustadt\",\"region\":\""
                    + p[1] + "\",\"country\":\"" + p[0] + "\"}}");
        }
        server.app().store().index().refresh();
        List<Customer> all = new ArrayList<>();
        server.app().store().index().forEach(all::add);
        JsonNode hessen = json(server.get("/api/search?facet=region&region_path=DE/Hessen&facet_limit=1000&limit=0"));
        JsonNode neustadt = null;
        for (JsonNode v : hessen.path("facets").path("region").path("values")) {
            if (v.path("value").asText().equals("Neustadt")) {
                neustadt = v;
            }
        }
        assertThat(neustadt).isNotNull();
        assertThat(neustadt.path("path").asText()).isEqualTo("DE/Hessen/Neustadt");
        String[][] cases = {{"place=DE/Hessen/Neustadt", "DE/Hessen/Neustadt"},
            {"place=de/hessen/NEUSTADT", "DE/Hessen/Neustadt"}, {"place=DE/Bayern", "DE/Bayern"}, {"place=AT", "AT"},
            {"place=DE/Hessen/Neustadt&place=AT/Bayern/Neustadt", "DE/Hessen/Neustadt|AT/Bayern/Neustadt"}};
        for (String[] c : cases) {
            List<String> wanted = List.of(c[1].split("\\|"));
            long expected = all.stream().filter(x -> wanted.stream().anyMatch(w -> inPlace(x, w))).count();
            JsonNode r = json(server.get("/api/search?limit=0&facet=region&" + c[0].replace(" ", "%20")));
            assertThat(r.path("total").asLong()).as(c[0]).isEqualTo(expected).isPositive();
            // the region facet ignores its own selection, place included
            assertThat(r.path("facets").path("region")).as(c[0]).isEqualTo(json(server.get(
                    "/api/search?limit=0&facet=region")).path("facets").path("region"));
        }
        assertThat(json(server.get("/api/search?limit=0&place=DE/Hessen/Neustadt")).path("total").asLong())
                .isEqualTo(neustadt.path("count").asLong()).isEqualTo(3);
        assertThat(json(server.get("/api/search?limit=0&city=Neustadt")).path("total").asLong()).isEqualTo(6);
        assertThat(json(server.get("/api/search?limit=0&city=Neustadt&not_place=DE/Hessen/Neustadt"))
                .path("total").asLong()).isEqualTo(3);
        for (String bad : List.of("place=Germany/Hessen", "place=DE//Neustadt", "place=/Hessen", "not_place=DE/")) {
            HttpResponse<String> r = server.get("/api/export?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("\"field\":\"place\"");
        }
    }

    /** Whether a customer lies in a place given as country/region/city, or a leading part of it. */
    private static boolean inPlace(Customer c, String place) {
        if (c.address() == null) {
            return false;
        }
        String[] want = place.split("/");
        String[] have = {c.address().country(), c.address().region(), c.address().city()};
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equalsIgnoreCase(have[i])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void facet_value_search_finds_values_typed_in_another_script_or_without_special_letters() {
        server.createCustomer("{\"first_name\":\"Иван\",\"last_name\":\"Петров\","
                + "\"address\":{\"city\":\"Москва\",\"country\":\"RU\"}}");
        server.createCustomer("{\"first_name\":\"Jörg\",\"last_name\":\"Groß\","
                + "\"address\":{\"city\":\"Großenhain\",\"country\":\"DE\"}}");
        server.app().store().index().refresh();
        String[][] cases = {{"mosk", "Москва"}, {"MOSK", "Москва"}, {"моск", "Москва"}, {"МОСКВ", "Москва"},
            {"grossen", "Großenhain"}, {"GROß", "Großenhain"}, {"groß", "Großenhain"}};
        for (String[] c : cases) {
            JsonNode r = json(server.get("/api/facets/city/values?limit=100&prefix=" + enc(c[0])));
            List<String> values = new ArrayList<>();
            r.path("values").forEach(v -> values.add(v.path("value").asText()));
            assertThat(values).as(c[0]).contains(c[1]);
        }
        JsonNode none = json(server.get("/api/facets/city/values?limit=100&prefix=" + enc("moskx")));
        assertThat(none.path("values")).isEmpty();
    }
}
