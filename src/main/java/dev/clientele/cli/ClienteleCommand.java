package dev.clientele.cli;

import picocli.CommandLine.Command;

/** The {@code clientele} command and its subcommands. */
@Command(name = "clientele", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Customer index server: lookup, faceted lists, duplicate review.",
        subcommands = {ServeCommand.class, GenerateCommand.class, ImportCommand.class, ExportCommand.class,
            KeysCommand.class, BackupCommand.class, RestoreCommand.class, OptimizeCommand.class, BenchCommand.class})
public final class ClienteleCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * The command line with its error handling: a bad configuration (file, environment or flags) is one line on
     * standard error and exit code 2 for every command, as other bad options are, never a stack trace.
     */
    public static picocli.CommandLine commandLine() {
        picocli.CommandLine cmd = new picocli.CommandLine(new ClienteleCommand());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof dev.clientele.config.ConfigException) {
                commandLine.getErr().println("bad configuration: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cmd;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
