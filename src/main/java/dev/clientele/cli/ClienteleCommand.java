package dev.clientele.cli;

import picocli.CommandLine.Command;

/** The {@code clientele} command and its subcommands. */
@Command(name = "clientele", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Customer index server: lookup, faceted lists, duplicate review.",
        subcommands = {ServeCommand.class, GenerateCommand.class, ImportCommand.class, ExportCommand.class,
            KeysCommand.class, BackupCommand.class, RestoreCommand.class, BenchCommand.class})
public final class ClienteleCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
