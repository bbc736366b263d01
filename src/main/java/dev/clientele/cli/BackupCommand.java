package dev.clientele.cli;

import dev.clientele.config.AppConfig;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexException;
import dev.clientele.ops.BackupManifest;
import dev.clientele.ops.Backups;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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

    @Mixin
    DataDirOrServer where;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (where.viaServer()) {
            return viaServer();
        }
        if (target == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "DIR is required without --url");
        }
        AppConfig cfg = where.config();
        CustomerIndex index = where.openIndex(spec, cfg,
                "If a server is running on it, use POST /api/admin/backups with an admin key.");
        if (index == null) {
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
        return where.post(spec, "/api/admin/backups", 201, "backup");
    }
}
