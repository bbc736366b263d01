package dev.clientele.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code wrk} load generator (Debian package {@code wrk}) against a list of requests and reads its
 * latency percentiles. Requests are cycled from a file by a small Lua script, so every workload uses many
 * different queries rather than one cached one.
 */
public final class Wrk {
    /** Latency figures of one run, in milliseconds, and throughput. */
    public record Result(String workload, double p50Ms, double p99Ms, double maxMs, long requests, double seconds,
                         long errors) {
        public double requestsPerSecond() {
            return seconds <= 0 ? 0 : requests / seconds;
        }
    }

    /**
     * One request of a workload: method, path and body (null for none). Every {@value #SEQ} in the body is replaced,
     * each time the request is sent, by a value no other request of any run has sent, so a write workload changes its
     * customers every time: the server keeps a write that changes nothing without committing it, and wrk cycles the
     * same requests in every warm-up round and the measured run.
     */
    public record Request(String method, String path, String body) {
        public static Request get(String path) {
            return new Request("GET", path, null);
        }
    }

    /** The placeholder in a request body replaced by a value unique to each request sent. */
    public static final String SEQ = "{seq}";

    private static final String SCRIPT = """
            local reqs = {}
            local run = "%s"
            -- Built in init, when wrk.headers already holds the Host header.
            init = function(args)
              local f = assert(io.open("%s", "r"))
              for line in f:lines() do
                local method, path, body = line:match("^(%%S+)\t([^\t]+)\t?(.*)$")
                local headers = {}
                for k, v in pairs(wrk.headers) do headers[k] = v end
                if body ~= nil and body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
                %s
                if body ~= nil and body:find("{seq}", 1, true) then
                  reqs[#reqs + 1] = {method = method, path = path, headers = headers, body = body}
                else
                  reqs[#reqs + 1] = wrk.format(method, path, headers, body)
                end
              end
              f:close()
            end
            local i = 0
            local sent = 0
            request = function()
              i = i %% #reqs + 1
              local r = reqs[i]
              if type(r) == "table" then
                sent = sent + 1
                local body = r.body:gsub("{seq}", run .. "-" .. sent)
                return wrk.format(r.method, r.path, r.headers, body)
              end
              return r
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\\n", latency:percentile(50),
                latency:percentile(99), latency.max, summary.requests, summary.duration,
                e.connect + e.read + e.write + e.status + e.timeout))
            end
            """;

    private Wrk() {
    }

    /** True when wrk is on the PATH. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs wrk for {@code seconds} with the given connections against {@code baseUrl}, cycling the requests.
     *
     * @param authHeader an {@code Authorization} value to send, or null
     */
    public static Result run(String workload, String baseUrl, List<Request> requests, int connections, int seconds,
                             Path workDir, String authHeader) throws IOException, InterruptedException {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("workload " + workload + " has no requests");
        }
        Files.createDirectories(workDir);
        Path list = workDir.resolve(workload + ".tsv");
        List<String> lines = new ArrayList<>();
        for (Request r : requests) {
            lines.add(r.method() + "\t" + r.path() + (r.body() == null ? "" : "\t" + r.body().replace('\n', ' ')));
        }
        Files.write(list, lines, StandardCharsets.UTF_8);
        Path script = workDir.resolve(workload + ".lua");
        String auth = authHeader == null ? "" : "headers[\"Authorization\"] = \"" + authHeader + "\"";
        // One wrk thread per run, so the run's own mark and a counter make every sent body unique.
        String run = Long.toString(System.nanoTime(), 36);
        Files.writeString(script, SCRIPT.formatted(run, list.toAbsolutePath(), auth));
        Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "5s",
                "-s", script.toString(), baseUrl).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("wrk did not finish");
        }
        for (String line : out.lines().toList()) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.substring(7).trim().split(" ");
                return new Result(workload, Long.parseLong(f[0]) / 1000.0, Long.parseLong(f[1]) / 1000.0,
                        Long.parseLong(f[2]) / 1000.0, Long.parseLong(f[3]), Long.parseLong(f[4]) / 1e6,
                        Long.parseLong(f[5]));
            }
        }
        throw new IOException("no result from wrk:\n" + out);
    }
}
