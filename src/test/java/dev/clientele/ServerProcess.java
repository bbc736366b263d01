package dev.clientele;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged server ({@code target/clientele.jar}) run as a separate process, for crash and CLI tests. */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("running at http://[^:]+:(\\d+)/");

    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The packaged jar; set by failsafe, or found under target/ when run from an IDE after `package`. */
    public static Path jar() {
        String prop = System.getProperty("clientele.jar");
        Path jar = prop != null ? Path.of(prop) : Path.of("target", "clientele.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": run `./mvnw package` (ITs run after it)");
        }
        return jar;
    }

    public static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** Starts {@code serve} on a free port and waits until it accepts requests. */
    public static ServerProcess start(Path dataDir, String... extra) throws IOException {
        return startWithConfig(dataDir, "", extra);
    }

    /** As {@link #start}, with more settings for the config file (YAML sections other than security). */
    public static ServerProcess startWithConfig(Path dataDir, String yaml, String... extra) throws IOException {
        // The crash test reads back thousands of customers as one caller: no per-key rate limit here.
        Path config = dataDir.resolveSibling(dataDir.getFileName() + "-test.yaml");
        Files.writeString(config, "security:\n  rate_limit_per_minute: 0\n" + yaml);
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--data", dataDir.toString(),
                "--demo", "0", "--config", config.toString()));
        args.addAll(List.of(extra));
        ProcessBuilder pb = java(args.toArray(String[]::new));
        // A fresh data dir takes this as its admin key; tests send it (see TestKeys).
        pb.environment().put("CLIENTELE_ADMIN_KEY", dev.clientele.testing.TestKeys.ADMIN);
        Process p = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuffer out = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.append(line).append('\n');
                    Matcher m = RUNNING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process died; the caller sees it below
            }
            port.completeExceptionally(new IllegalStateException("server exited:\n" + out));
        });
        reader.setDaemon(true);
        reader.start();
        try {
            ServerProcess sp = new ServerProcess(p, port.get(60, TimeUnit.SECONDS));
            sp.output.append(out);
            return sp;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("server did not start: " + out, e);
        }
    }

    public int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
