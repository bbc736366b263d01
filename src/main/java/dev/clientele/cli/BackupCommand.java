package dev.clientele.cli;

import dev.clientele.config.AppConfig;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexException;
import dev.clientele.ops.BackupManifest;
import dev.clientele.ops.Backups;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clientele backup DIR}: copies the index of a data directory that no server is using into DIR
 * ({@code DIR/index} + {@code DIR/backup.json}) and verifies the copy. A running server holds the index's write
 * lock, so for a running server use {@code clientele backup --url URL --key KEY}, which asks it (through
 * {@code POST /api/admin/backups}) to back up into its backup directory ({@code backup.dir}, by default
 * {@code <data>/backups/}).
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the index: directly into DIR when no server uses the data directory, or ask a "
                + "running server with --url and --key (the backup then lands in the server's backup directory: backup.dir, "
                + "by default <data>/backups/)."})
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1",
            description = "target directory (must not exist or be empty); not used with --url")
    Path target;

    @Option(names = "--url", description = "base URL of a running server, e.g. http://127.0.0.1:7070")
    String url;

    @Option(names = "--key", description = "admin API key for --url (default: env CLIENTELE_KEY)")
    String key;

    @Option(names = "--data", description = "data directory (env CLIENTELE_DATA; default index-data/)")
    Path data;

    @Option(names = "--config", description = "config file (default config/clientele.yaml)")
    Path config;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (url != null) {
            return viaServer();
        }
        if (target == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "DIR is required without --url");
        }
        AppConfig cfg = ServeCommand.Options.config(config, null, data, null);
        if (!Files.isDirectory(cfg.indexDir())) {
            spec.commandLine().getErr().println("no index at " + cfg.indexDir());
            return 1;
        }
        CustomerIndex index;
        try {
            index = CustomerIndex.open(cfg.indexDir(), new dev.clientele.index.IndexSettings(cfg.ramBufferMb(),
                    cfg.dataDir().resolve("history")).withCurrency(cfg.currency()));
        } catch (IndexException e) {
            spec.commandLine().getErr().println("cannot open " + cfg.indexDir() + " (" + e.getMessage() + ")."
                    + (e.reason() == dev.clientele.index.IndexException.Reason.IN_USE
                    ? " If a server is running on it, use POST /api/admin/backups with an admin key." : ""));
            return 1;
        }
        try (index) {
            BackupManifest m = Backups.backupTo(index, target, target.getFileName().toString(), Clock.systemUTC(),
                    Backups.Part.offline(cfg.dataDir()));
            java.util.List<String> files = m.data().stream().map(BackupManifest.DataFile::name).toList();
            spec.commandLine().getOut().println("Backed up " + m.customers() + " customers (" + m.files()
                    + " files, " + m.bytes() + " bytes, verified), " + m.historyVersions() + " previous versions"
                    + (files.isEmpty() ? "" : " and " + Backups.describe(files)) + " to " + m.path());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IndexException | java.io.UncheckedIOException e) {
            // A target that is not empty, a full disk, a copy that does not verify: one line, not a stack trace.
            spec.commandLine().getErr().println("backup failed: " + e.getMessage());
            return 1;
        }
    }

    private int viaServer() throws IOException, InterruptedException {
        if (target != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "with --url the server writes the backup into its backup directory (backup.dir); leave out DIR");
        }
        String k = key != null ? key : System.getenv("CLIENTELE_KEY");
        if (k == null || k.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--url needs an admin key: --key or env CLIENTELE_KEY");
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/admin/backups"))
                .header("Authorization", "Bearer " + k.strip())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            spec.commandLine().getErr().println("backup failed: HTTP " + r.statusCode() + " " + r.body());
            return 1;
        }
        spec.commandLine().getOut().println(r.body());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
