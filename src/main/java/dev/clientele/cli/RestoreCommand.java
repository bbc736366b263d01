package dev.clientele.cli;

import dev.clientele.index.BackupInfo;
import dev.clientele.index.IndexException;
import dev.clientele.ops.Backups;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clientele restore BACKUP_DIR --data DIR}: verifies a backup and copies it into an empty data dir. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup into a data directory whose index is empty or absent (never overwrites).")
final class RestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BACKUP_DIR", description = "a backup directory (holding index/ and backup.json)")
    Path backup;

    @Option(names = "--data", required = true, description = "data directory to restore into")
    Path data;

    @Override
    public Integer call() {
        Backups.Restored restored;
        try {
            restored = Backups.restore(backup, data);
        } catch (IndexException | dev.clientele.ops.BackupDamagedException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("restore failed: " + e.getMessage());
            return 1;
        }
        BackupInfo info = restored.index();
        spec.commandLine().getOut().println("Restored " + info.customers() + " customers (" + info.files()
                + " files, verified) into " + info.path());
        if (restored.history() != null) {
            spec.commandLine().getOut().println("Restored " + restored.history().customers()
                    + " previous versions into " + restored.history().path());
        }
        if (!restored.files().isEmpty()) {
            spec.commandLine().getOut().println("Restored " + Backups.describe(restored.files())
                    + " (tombstones merged with those already there; erasures are re-applied at the next start)");
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
