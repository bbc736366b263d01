package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.App;
import dev.clientele.config.AppConfig;
import dev.clientele.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchRoutesTest {
    @TempDir
    static Path dir;
    static App app;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        app = App.start(dev.clientele.testing.TestKeys.config(dir));
        String ndjson = """
                {"first_name":"Márton","last_name":"Kovács","phones":["+36 1 234 5678"],"emails":["marton.kovacs@freemail.hu"],"address":{"city":"Budapest","country":"HU"},"rep":"Anna Kovács"}
                {"first_name":"Jürgen","last_name":"Müller","phones":["(030) 1234567"],"address":{"city":"Berlin","country":"DE"}}
                {"first_name":"Сергей","last_name":"Иванов","address":{"city":"Москва","country":"RU"}}
                """;
        for (int i = 0; i < 25; i++) {
            ndjson += "{\"first_name\":\"Paula\",\"last_name\":\"Pager" + i + "\"}\n";
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/customers/_bulk"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + dev.clientele.testing.TestKeys.ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(300);
        app.store().index().refresh();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void search_text_combines_with_facets_and_filters_into_a_list() throws Exception {
        JsonNode all = json(get("/api/search?facet=region"));
        assertThat(all.get("total").asInt()).isEqualTo(28);
        JsonNode r = json(get("/api/search?q=" + enc("kovacs") + "&facet=region"));
        assertThat(r.get("total").asInt()).isEqualTo(1);
        assertThat(r.get("customers").get(0).get("last_name").asText()).isEqualTo("Kovács");
        assertThat(r.get("facets").get("region").get("values").get(0).get("value").asText()).isEqualTo("HU");
        JsonNode none = json(get("/api/search?q=" + enc("kovacs") + "&country=DE"));
        assertThat(none.get("total").asInt()).isZero();
        JsonNode paged = json(get("/api/search?q=" + enc("Paula") + "&sort=name&limit=10"));
        assertThat(paged.get("total").asInt()).isEqualTo(25);
        assertThat(paged.get("customers")).hasSize(10);
        HttpResponse<String> bad = get("/api/search?q=" + enc("city:(") + "&advanced=true&facet=region");
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> values = get("/api/facets/city/values?q=" + enc("Müller") + "&prefix=Ber");
        assertThat(json(values).get("values").get(0).get("value").asText()).isEqualTo("Berlin");
    }

    @Test
    void search_returns_ranked_hits_with_summary_highlights_and_total() throws Exception {
        HttpResponse<String> r = get("/api/search?q=" + enc("Muller"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("total").asInt()).isEqualTo(1);
        assertThat(body.get("total_relation").asText()).isEqualTo("eq");
        assertThat(body.get("timed_out").asBoolean()).isFalse();
        assertThat(body.get("next_cursor").isNull()).isTrue();
        JsonNode hit = body.get("hits").get(0);
        assertThat(hit.get("display_name").asText()).isEqualTo("Jürgen Müller");
        assertThat(hit.get("kind").asText()).isEqualTo("person");
        assertThat(hit.get("city").asText()).isEqualTo("Berlin");
        assertThat(hit.get("country").asText()).isEqualTo("DE");
        assertThat(hit.get("highlights").get("last_name").get(0).asText()).isEqualTo("<em>Müller</em>");
        assertThat(hit.get("id").asText()).isNotBlank();
    }

    @Test
    void search_finds_transliterated_names_and_phones_in_any_format() throws Exception {
        assertThat(json(get("/api/search?q=Ivanov")).get("hits").get(0).get("last_name").asText())
                .isEqualTo("Иванов");
        assertThat(json(get("/api/search?q=" + enc("06-1-234-5678"))).get("hits").get(0).get("last_name").asText())
                .isEqualTo("Kovács");
    }

    @Test
    void cursor_pages_through_all_hits() throws Exception {
        JsonNode first = json(get("/api/search?q=Paula&limit=10"));
        assertThat(first.get("hits")).hasSize(10);
        String cursor = first.get("next_cursor").asText();
        JsonNode second = json(get("/api/search?q=Paula&limit=10&cursor=" + enc(cursor)));
        JsonNode third = json(get("/api/search?q=Paula&limit=10&cursor=" + enc(second.get("next_cursor").asText())));
        assertThat(third.get("hits")).hasSize(5);
        assertThat(third.get("next_cursor").isNull()).isTrue();
        assertThat(first.get("hits").get(9).get("id")).isNotEqualTo(second.get("hits").get(0).get("id"));
    }

    @Test
    void blank_search_lists_everyone() throws Exception {
        JsonNode body = json(get("/api/search?limit=100"));
        assertThat(body.get("total").asInt()).isEqualTo(28);
    }

    @Test
    void bad_parameters_are_400_problems() throws Exception {
        for (String q : new String[] {"/api/search?q=x&limit=0", "/api/search?q=x&limit=101",
            "/api/search?q=x&limit=abc", "/api/search?q=x&cursor=garbage%21", "/api/search?q=x&advanced=maybe",
            "/api/suggest?q=x&limit=21"}) {
            HttpResponse<String> r = get(q);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(q).contains("application/problem+json");
        }
        // The detail says what is wrong in words (Javalin's own answer was "TYPE_CONVERSION_FAILED").
        for (String q : new String[] {"/api/search?q=x&limit=abc", "/api/suggest?q=x&limit=abc"}) {
            JsonNode problem = json(get(q));
            assertThat(problem.path("detail").asText()).as(q).contains("limit must be a whole number from 1 to");
            assertThat(problem.path("errors").get(0).path("field").asText()).as(q).isEqualTo("limit");
        }
    }

    @Test
    void a_parameter_suggest_does_not_take_is_400_naming_it() throws Exception {
        // Each was ignored: country=DE suggested customers of every country, limt=3 the default eight.
        for (String[] c : new String[][] {{"q=Pa&country=DE", "country"}, {"q=Pa&limt=3", "limt"}}) {
            HttpResponse<String> r = get("/api/suggest?" + c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
            assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo(c[1]);
        }
        assertThat(get("/api/suggest?q=Pa&limit=3").statusCode()).isEqualTo(200);
    }

    @Test
    void advanced_syntax_error_is_a_400_with_the_column() throws Exception {
        HttpResponse<String> r = get("/api/search?advanced=true&q=" + enc("city:(Berlin"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("detail").asText()).startsWith("syntax error at column ");
        assertThat(json(r).get("errors").get(0).get("field").asText()).isEqualTo("q");
        HttpResponse<String> ok = get("/api/search?advanced=true&q=" + enc("rep:\"Anna Kovacs\" city:budapest"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void suggest_completes_the_last_word() throws Exception {
        JsonNode body = json(get("/api/suggest?q=" + enc("Márton Ko")));
        assertThat(body.get("suggestions")).hasSize(1);
        JsonNode s = body.get("suggestions").get(0);
        assertThat(s.get("text").asText()).isEqualTo("Márton Kovács");
        assertThat(s.get("city").asText()).isEqualTo("Budapest");
        assertThat(s.get("kind").asText()).isEqualTo("person");
        assertThat(s.has("id")).isTrue();
        assertThat(s.get("street").isNull()).isTrue(); // found by the name, not the street
        assertThat(json(get("/api/suggest?q=")).get("suggestions")).isEmpty();
        assertThat(json(get("/api/suggest?q=Pa&limit=3")).get("suggestions")).hasSize(3);
    }
}
