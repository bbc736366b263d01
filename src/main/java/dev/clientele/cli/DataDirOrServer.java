package dev.clientele.cli;

import dev.clientele.config.AppConfig;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexException;
import dev.clientele.index.IndexSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of a command that works on a data directory no server is using, or asks a running server to do it
 * ({@code --url}, {@code --key}): a server holds the index's write lock, so the command cannot open it then.
 */
final class DataDirOrServer {
    @Option(names = "--url", description = "base URL of a running server, e.g. http://127.0.0.1:7070")
    String url;

    @Option(names = "--key", description = "admin API key for --url (default: env CLIENTELE_KEY)")
    String key;

    @Option(names = "--data", description = "data directory (env CLIENTELE_DATA; default index-data/)")
    Path data;

    @Option(names = "--config", description = "config file (default config/clientele.yaml)")
    Path config;

    boolean viaServer() {
        return url != null;
    }

    AppConfig config() {
        return ServeCommand.Options.config(config, null, data, null);
    }

    /**
     * Opens the data directory's index, or says on standard error why it cannot (null): none there, damaged, or in
     * use, then with {@code whenInUse} (what to do instead).
     */
    CustomerIndex openIndex(CommandSpec spec, AppConfig cfg, String whenInUse) {
        if (!Files.isDirectory(cfg.indexDir())) {
            spec.commandLine().getErr().println("no index at " + cfg.indexDir());
            return null;
        }
        try {
            return CustomerIndex.open(cfg.indexDir(), new IndexSettings(cfg.ramBufferMb(),
                    cfg.dataDir().resolve("history")).withCurrency(cfg.currency())
                    .withMinFreeBytes(cfg.minFreeDiskBytes()));
        } catch (IndexException e) {
            spec.commandLine().getErr().println("cannot open " + cfg.indexDir() + " (" + e.getMessage() + ")."
                    + (e.reason() == IndexException.Reason.IN_USE ? " " + whenInUse : ""));
            return null;
        }
    }

    /**
     * POSTs to {@code path} of the server at {@code --url} with the admin key ({@code --key}, else env
     * {@code CLIENTELE_KEY}); the answer's body goes to standard output.
     *
     * @return 0 when the server answered {@code expected}, else 1 (what it answered is on standard error, after
     *         {@code what} failed)
     * @throws ParameterException without a key
     */
    int post(CommandSpec spec, String path, int expected, String what) throws IOException, InterruptedException {
        String k = key != null ? key : System.getenv("CLIENTELE_KEY");
        if (k == null || k.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--url needs an admin key: --key or env CLIENTELE_KEY");
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                .header("Authorization", "Bearer " + k.strip())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            spec.commandLine().getErr().println(what + " failed: HTTP " + r.statusCode() + " " + r.body());
            return 1;
        }
        spec.commandLine().getOut().println(r.body());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
