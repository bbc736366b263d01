package dev.clientele.cli;

import dev.clientele.App;
import dev.clientele.config.AppConfig;
import dev.clientele.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clientele serve}: runs the HTTP server until interrupted; commits and closes the index on exit. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the server (loads demo customers into an empty index).")
final class ServeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "HTTP port (env CLIENTELE_PORT; default 7070; 0 = any free port)")
    Integer port;

    @Option(names = "--data", description = "data directory (env CLIENTELE_DATA; default index-data/)")
    Path data;

    @Option(names = "--config", description = "config file (default config/clientele.yaml)")
    Path config;

    @Option(names = "--host", description = "address to listen on (default 127.0.0.1)")
    String host;

    @Option(names = "--demo", description = "demo customers to load into an empty index (default from config)")
    Integer demo;

    @Override
    public Integer call() throws InterruptedException {
        AppConfig cfg = Options.config(config, port, data, host);
        if (demo != null) {
            cfg = cfg.withDemoCount(demo);
        }
        App app;
        try {
            app = App.start(cfg);
        } catch (dev.clientele.index.IndexException | java.io.UncheckedIOException
                 | dev.clientele.journal.JournalFormatException e) {
            // A damaged or busy index, or an unreadable file of the data directory (a journal line that is not
            // the torn last one, or a journal of a newer Clientele after a downgrade): say which, change nothing,
            // and let the operator restore or fix it.
            spec.commandLine().getErr().println("cannot start: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "clientele-shutdown"));
        System.out.println("Clientele is running at http://" + cfg.host() + ":" + app.port() + "/  (Ctrl+C stops)");
        stopped.await();
        return 0;
    }

    /** Shared option handling: file, then environment, then command-line flags. */
    static final class Options {
        private Options() {
        }

        static AppConfig config(Path file, Integer port, Path data, String host) {
            boolean explicit = file != null;
            AppConfig cfg = ConfigLoader.load(explicit ? file : Path.of("config", "clientele.yaml"), System.getenv(),
                    explicit);
            if (port != null) {
                cfg = cfg.withPort(port);
            }
            if (data != null) {
                cfg = cfg.withDataDir(data);
            }
            if (host != null) {
                cfg = cfg.withHost(host);
            }
            return cfg;
        }
    }
}
