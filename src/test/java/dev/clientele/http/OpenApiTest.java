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
}
