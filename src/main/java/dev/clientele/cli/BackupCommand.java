package dev.clientele.cli;

import dev.clientele.config.AppConfig;
import dev.clientele.index.CustomerIndex;
import dev.clientele.index.IndexException;
import dev.clientele.ops.BackupManifest;
import dev.clientele.ops.Backups;
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
 * lock; back it up with {@code POST /api/admin/backups} instead.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up the index of a data directory that no running server uses (else use "
                + "POST /api/admin/backups).")
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "target directory (must not exist or be empty)")
    Path target;

    @Option(names = "--data", description = "data directory (env CLIENTELE_DATA; default index-data/)")
    Path data;

    @Option(names = "--config", description = "config file (default config/clientele.yaml)")
    Path config;

    @Override
    public Integer call() {
        AppConfig cfg = ServeCommand.Options.config(config, null, data, null);
        if (!Files.isDirectory(cfg.indexDir())) {
            spec.commandLine().getErr().println("no index at " + cfg.indexDir());
            return 1;
        }
        CustomerIndex index;
        try {
            index = CustomerIndex.open(cfg.indexDir());
        } catch (IndexException e) {
            spec.commandLine().getErr().println("cannot open " + cfg.indexDir() + " (" + e.getMessage()
                    + "). If a server is running on it, use POST /api/admin/backups with an admin key.");
            return 1;
        }
        try (index) {
            BackupManifest m = Backups.backupTo(index, target, target.getFileName().toString(), Clock.systemUTC());
            spec.commandLine().getOut().println("Backed up " + m.customers() + " customers (" + m.files()
                    + " files, " + m.bytes() + " bytes, verified) to " + m.path());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
