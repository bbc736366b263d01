package dev.clientele.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times the web UI in a real browser against a running server with a big index (not part of the build: skipped
 * unless {@code -Dui.bench.url=http://127.0.0.1:PORT} is given, with {@code -Dui.bench.key=KEY} for a server that
 * wants one). Each action is timed inside the page with {@code performance.now()}, from the user's action (the
 * last keystroke, the navigation, the click, the scroll) to the moment its result is in the DOM, and the requests
 * it made are counted from Resource Timing. Writes {@code target/ui-bench.md}.
 *
 * <pre>./mvnw -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=WebUiBenchIT \
 *     -Dui.bench.url=http://127.0.0.1:7391 -Dui.bench.key=ck_… [-Dui.bench.merge=true]</pre>
 * With {@code ui.bench.merge=true} it also merges a pair and undoes the merge (it writes to the server's data).
 */
class WebUiBenchIT {
    private static final int ROUNDS = Integer.getInteger("ui.bench.rounds", 5);

    @TempDir
    Path tmp;

    /** Shared by the timing scripts: resolve when a check holds, re-checked on every DOM change. */
    private static final String WAIT_FOR = """
            const waitFor = (check, t0, done, extra) => {
              const finish = () => { const ms = performance.now() - t0; mo.disconnect(); clearInterval(iv);
                const reqs = performance.getEntriesByType('resource').filter(e => e.name.includes('/api/'));
                done(Object.assign({ ms, requests: reqs.map(r => r.name.replace(/^.*\\/api\\//, '') + ' '
                  + Math.round(r.duration) + 'ms') }, extra ? extra() : {})); };
              const mo = new MutationObserver(() => { if (check()) finish(); });
              mo.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
              const iv = setInterval(() => { if (check()) finish(); }, 50);
            };
            """;

    @Test
    void times_the_ui_against_a_big_index() throws Exception {
        String url = System.getProperty("ui.bench.url");
        assumeTrue(url != null && !url.isBlank(), "set -Dui.bench.url to time the UI against a running server");
        String key = System.getProperty("ui.bench.key", "");
        List<String> names = names(url, key);
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, Object> requests = new LinkedHashMap<>();
        try (Browser b = new Browser(tmp)) {
            b.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            b.driver.get(url + "/");
            if (!key.isBlank()) {
                b.js("sessionStorage.setItem('clientele.apiKey', arguments[0])", key);
            }
            b.driver.get(url + "/#/search");
            b.wait.until(d -> b.js("return document.readyState").equals("complete"));
            for (int round = 0; round < ROUNDS; round++) {
                String name = names.get(round % names.size());
                // 1. Type a name at ~10 keys a second (faster than the debounce), until its suggestions show.
                Map<?, ?> r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const [text, done] = [arguments[0], arguments[arguments.length - 1]];
                        const q = document.getElementById('q'); const list = document.getElementById('suggestions');
                        q.value = ''; q.dispatchEvent(new Event('input', { bubbles: true })); q.focus();
                        setTimeout(() => {
                          performance.clearResourceTimings();
                          let i = 0; let t0 = 0; let typed = false;
                          const type = () => {
                            q.value += text[i++]; t0 = performance.now();
                            q.dispatchEvent(new Event('input', { bubbles: true }));
                            if (i < text.length) { setTimeout(type, 100); return; }
                            typed = true;
                            // The list is redrawn after the last keystroke: wait for that draw, not an older one.
                            const before = list.firstChild;
                            waitFor(() => typed && !list.hidden && list.firstChild && list.firstChild !== before, t0, done);
                          };
                          type();
                        }, 400);""", name);
                record(times, requests, "type a name → suggestions shown", r);

                // 2. Open the first suggestion's card: Enter on the active option, until the card's title shows.
                r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const done = arguments[arguments.length - 1];
                        const q = document.getElementById('q');
                        q.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
                        performance.clearResourceTimings();
                        const t0 = performance.now();
                        q.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
                        waitFor(() => document.getElementById('card-title'), t0, done);""");
                record(times, requests, "open a card (title and fields shown)", r);
                r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const done = arguments[arguments.length - 1];
                        location.hash = '#/search';
                        setTimeout(() => {
                          performance.clearResourceTimings();
                          const t0 = performance.now();
                          history.back();
                          waitFor(() => { const h = document.getElementById('history');
                            return document.getElementById('card-title') && h && !h.textContent.includes('Loading')
                              && ![...document.querySelectorAll('.panel p.muted')].some(p => p.textContent === 'Checking…'); },
                            t0, done); }, 300);""");
                record(times, requests, "open a card (with history and duplicates)", r);

                // 3. The list screen with its facets.
                r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const done = arguments[arguments.length - 1];
                        location.hash = '#/search';
                        setTimeout(() => {
                          performance.clearResourceTimings();
                          const t0 = performance.now();
                          location.hash = '#/lists';
                          waitFor(() => { const s = document.getElementById('list-summary');
                            return s && /customers/.test(s.textContent) && document.querySelector('fieldset.facet')
                              && document.querySelector('table.list tbody tr'); }, t0, done); }, 300);""");
                record(times, requests, "list screen with 11 facets and 50 rows", r);

                // 4. Tick a facet value (a country), until the count changes.
                r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const done = arguments[arguments.length - 1];
                        const s = document.getElementById('list-summary'); const before = s.textContent;
                        const box = document.querySelector('fieldset.facet[data-dim=region] input[type=checkbox]');
                        performance.clearResourceTimings();
                        const t0 = performance.now();
                        box.click();
                        waitFor(() => s.textContent !== before && /customers/.test(s.textContent), t0, done);""");
                record(times, requests, "tick a facet value (count and facets redrawn)", r);

                // 5. Scroll to the end of the list: the next page comes in (without facets).
                r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const done = arguments[arguments.length - 1];
                        const rows = () => document.querySelectorAll('table.list tbody tr').length;
                        const n = rows();
                        performance.clearResourceTimings();
                        const t0 = performance.now();
                        document.querySelector('.sentinel').scrollIntoView();
                        waitFor(() => rows() > n, t0, done);""");
                record(times, requests, "scroll: next 50 rows", r);

                // 6. The review queue's first page, until the first group is shown side by side.
                r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const done = arguments[arguments.length - 1];
                        location.hash = '#/search';
                        setTimeout(() => {
                          performance.clearResourceTimings();
                          const t0 = performance.now();
                          location.hash = '#/duplicates';
                          waitFor(() => document.querySelector('.q-item') && document.querySelector('table.compare'),
                            t0, done); }, 300);""");
                record(times, requests, "review queue, first page (20 groups)", r);

                // 7. The queue's next page.
                r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const done = arguments[arguments.length - 1];
                        const n = document.querySelectorAll('.q-item').length;
                        performance.clearResourceTimings();
                        const t0 = performance.now();
                        document.getElementById('queue-more').click();
                        waitFor(() => document.querySelectorAll('.q-item').length > n, t0, done);""");
                record(times, requests, "review queue, next page", r);

                // 8. The next group with the keyboard (no request).
                r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                        const done = arguments[arguments.length - 1];
                        const head = document.querySelector('.pair-head h2');
                        const before = document.querySelector('.q-item[aria-current=true]');
                        performance.clearResourceTimings();
                        const t0 = performance.now();
                        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
                        waitFor(() => document.querySelector('.q-item[aria-current=true]') !== before, t0, done);""");
                record(times, requests, "review: next group (j)", r);

                // 9. Merge the pair under review, until the banner says so and the next group is shown; then undo it
                // (the copy of the data dir gets its merge taken back), until both records are back in the queue.
                if (Boolean.getBoolean("ui.bench.merge")) {
                    r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                            const done = arguments[arguments.length - 1];
                            const banner = document.getElementById('merge-banner');
                            performance.clearResourceTimings();
                            const t0 = performance.now();
                            document.getElementById('merge-btn').click();
                            waitFor(() => /Merged into/.test(banner.textContent) && document.querySelector('.pair-head'),
                              t0, done);""");
                    record(times, requests, "merge a pair → next group shown", r);
                    r = (Map<?, ?>) b.jsAsync(WAIT_FOR + """
                            const done = arguments[arguments.length - 1];
                            const banner = document.getElementById('merge-banner');
                            performance.clearResourceTimings();
                            const t0 = performance.now();
                            document.getElementById('undo-btn').click();
                            waitFor(() => /Merge undone/.test(banner.textContent) && document.querySelector('.q-item'),
                              t0, done);""");
                    record(times, requests, "undo the merge → queue read again", r);
                }
                b.js("location.hash = '#/search'");
            }
            assertThat(b.consoleErrors()).isEmpty();
        }
        StringBuilder md = new StringBuilder("| action | first | median | max | requests (last round) |\n|---|---|---|---|---|\n");
        times.forEach((action, ms) -> {
            List<Double> sorted = new ArrayList<>(ms);
            sorted.sort(null);
            md.append(String.format("| %s | %.0f ms | %.0f ms | %.0f ms | %s |%n", action, ms.get(0),
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), requests.get(action)));
        });
        System.out.println(md);
        Files.writeString(Path.of("target", "ui-bench.md"), md);
    }

    private static void record(Map<String, List<Double>> times, Map<String, Object> requests, String action,
                               Map<?, ?> result) {
        times.computeIfAbsent(action, k -> new ArrayList<>()).add(((Number) result.get("ms")).doubleValue());
        requests.put(action, result.get("requests"));
    }

    /** Family names of a few customers spread over the index, to type. */
    private static List<String> names(String url, String key) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        List<String> names = new ArrayList<>();
        for (String country : List.of("DE", "HU", "RU", "GB", "AT")) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url + "/api/search?limit=1&country=" + country
                    + "&sort=-created"));
            if (!key.isBlank()) {
                req.header("Authorization", "Bearer " + key);
            }
            JsonNode res = Json.MAPPER.readTree(client.send(req.build(), HttpResponse.BodyHandlers.ofString()).body());
            JsonNode c = res.path("customers").path(0);
            if (!c.isMissingNode()) {
                names.add((c.path("first_name").asText("") + " " + c.path("last_name").asText("")).trim());
            }
        }
        assertThat(names).as("customers to type").isNotEmpty();
        return names;
    }
}
