package dev.clientele.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.App;
import dev.clientele.json.Json;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    Path dir;

    @Test
    void the_document_lists_exactly_the_registered_routes_with_their_roles() throws Exception {
        try (App app = App.start(TestKeys.config(dir).withOpenReadOnLoopback(false))) {
            HttpResponse<String> r = TestHttp.anonymous(app.port()).get("/api/openapi.json");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/json"));
            JsonNode doc = Json.MAPPER.readTree(r.body());
            assertThat(doc.path("openapi").asText()).startsWith("3.1");

            Map<String, String> documented = new TreeMap<>();
            for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
                p.getValue().properties().forEach(op -> {
                    if (METHODS.contains(op.getKey())) {
                        documented.put(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey(),
                                op.getValue().path("x-clientele-role").asText("(missing x-clientele-role)"));
                    }
                });
            }
            Map<String, String> registered = new TreeMap<>();
            app.routes().forEach(rt -> registered.put(rt.method() + " " + rt.path(),
                    rt.access().name().toLowerCase(Locale.ROOT)));

            Set<String> undocumented = new TreeSet<>(registered.keySet());
            undocumented.removeAll(documented.keySet());
            Set<String> notRegistered = new TreeSet<>(documented.keySet());
            notRegistered.removeAll(registered.keySet());
            assertThat(undocumented).as("routes missing from src/main/resources/openapi.yaml").isEmpty();
            assertThat(notRegistered).as("operations in openapi.yaml that the server does not have").isEmpty();
            assertThat(AccessControlTest.differences(documented, registered))
                    .as("x-clientele-role in openapi.yaml vs. the route's Access role").isEmpty();

            // Every route that needs a key answers 401 without one, and 403 to a weaker role than it needs.
            Set<String> missingAuthResponses = new TreeSet<>();
            for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
                p.getValue().properties().forEach(op -> {
                    String role = op.getValue().path("x-clientele-role").asText("");
                    JsonNode responses = op.getValue().path("responses");
                    String name = op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
                    if (Set.of("reader", "editor", "admin").contains(role) && !responses.has("401")) {
                        missingAuthResponses.add(name + " 401");
                    }
                    if (Set.of("editor", "admin").contains(role) && !responses.has("403")) {
                        missingAuthResponses.add(name + " 403");
                    }
                });
            }
            assertThat(missingAuthResponses).as("responses missing from src/main/resources/openapi.yaml").isEmpty();
        }
    }

    @Test
    void the_list_routes_declare_every_list_parameter_the_server_takes() throws Exception {
        // The filters (country=DE, spend_min, created_from, …) were named only in the prose of /api/search: a client
        // generated from the document could not send one, and /api/export declared none of them, nor q or list.
        try (App app = App.start(TestKeys.config(dir))) {
            JsonNode doc = Json.MAPPER.readTree(TestHttp.anonymous(app.port()).get("/api/openapi.json").body());
            Set<String> pageOnly = Set.of("facet", "facet_limit", "region_path", "limit", "cursor", "sort");
            Set<String> listParams = new TreeSet<>(ListParams.listParamNames());
            Set<String> filters = new TreeSet<>(listParams);
            filters.removeAll(pageOnly);
            Map<String, Set<String>> expected = Map.of(
                    "/api/search get", listParams,
                    "/api/export get", filters,
                    "/api/edits post", filters,
                    "/api/facets/{dim}/values get", filters);
            for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
                String[] pathAndMethod = e.getKey().split(" ");
                Set<String> declared = new TreeSet<>();
                for (JsonNode param : doc.path("paths").path(pathAndMethod[0]).path(pathAndMethod[1])
                        .path("parameters")) {
                    JsonNode p = param.has("$ref") ? doc.at(param.path("$ref").asText().substring(1)) : param;
                    declared.add(p.path("name").asText());
                }
                Set<String> missing = new TreeSet<>(e.getValue());
                missing.removeAll(declared);
                assertThat(missing).as("list parameters missing from %s in openapi.yaml", e.getKey()).isEmpty();
            }
        }
    }
}
