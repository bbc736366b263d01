package dev.clientele.cli;

import dev.clientele.config.AppConfig;
import dev.clientele.security.ApiKey;
import dev.clientele.security.CreatedKey;
import dev.clientele.security.KeyStore;
import dev.clientele.security.Role;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code clientele keys create|list|revoke}: manages the API keys in {@code <data>/keys.json} directly. Works while
 * a server runs on the same data directory: the server sees the change at the next request.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.List.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "data directory (env CLIENTELE_DATA; default index-data/)")
    Path data;

    @Option(names = "--config", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "config file (default config/clientele.yaml)")
    Path config;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    KeyStore store() {
        AppConfig cfg = ServeCommand.Options.config(config, null, data, null);
        return KeyStore.open(cfg.dataDir());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key and print it once (only its hash is stored).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--role", required = true, description = "reader, editor or admin")
        String role;

        @Option(names = "--name", required = true, description = "what the key is for, e.g. crm-sync")
        String name;

        @Option(names = "--scope", paramLabel = "DIM=VALUE", description = "restrict the key to customers matching "
                + "this filter, e.g. --scope rep='Anna Kovács' --scope country=HU (repeat = OR within a dimension, "
                + "AND across; not_country=RU excludes); dimensions: country, region, city, industry, rep, kind, "
                + "tags, funnel_stage, preferred_channel, consent, opted_out. Or one JSON object like the API's")
        java.util.List<String> scope = new java.util.ArrayList<>();

        @Option(names = "--note", description = "optional free-text note (informational)")
        String note;

        @Override
        public Integer call() {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            java.util.Map<String, java.util.List<String>> filters;
            try {
                filters = dev.clientele.search.Scope.parse(scopeFilters(scope)).toMap();
            } catch (IllegalArgumentException | dev.clientele.search.InvalidSearchException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scope: " + e.getMessage());
            }
            CreatedKey k;
            try {
                k = parent.store().create(r, name, filters, note);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Created " + r + " key " + k.key().id() + " (" + k.key().name() + "). It is shown only now:");
            out.println(k.plaintext());
            if (k.key().scoped()) {
                // A reader only reads: "sees and changes" promised it writes it cannot make.
                out.println(r == Role.READER
                        ? "It reads only customers matching " + k.key().scope() + " (a reader key changes nothing)."
                        : "It reads and changes only customers matching " + k.key().scope() + ".");
            }
            out.println("Send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
            out.flush();
            if (r != Role.ADMIN && !parent.store().hasActiveAdmin()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("Note: there is no admin key yet. The next server start on this data directory makes one"
                        + " (CLIENTELE_ADMIN_KEY, or a generated key printed once), or create one now with"
                        + " 'clientele keys create --role admin --name NAME'.");
                err.flush();
            }
            return 0;
        }
    }

    /** {@code --scope} values: {@code dim=value} pairs, or a single JSON object. */
    static java.util.Map<String, java.util.List<String>> scopeFilters(java.util.List<String> args) {
        java.util.Map<String, java.util.List<String>> out = new java.util.LinkedHashMap<>();
        if (args.size() == 1 && args.get(0).strip().startsWith("{")) {
            com.fasterxml.jackson.databind.JsonNode node;
            try {
                node = dev.clientele.json.Json.MAPPER.readTree(args.get(0));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return ApiKey.scopeFilters(node);
        }
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1 || eq == a.length() - 1) {
                throw new IllegalArgumentException("'" + a + "' is not DIMENSION=VALUE, e.g. country=HU");
            }
            out.computeIfAbsent(a.substring(0, eq).strip(), k -> new java.util.ArrayList<>())
                    .add(a.substring(eq + 1).strip());
        }
        return out;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    static final class List implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-14s %-7s %-8s %-20s %s%n", "ID", "ROLE", "STATE", "CREATED", "NAME");
            for (ApiKey k : parent.store().list()) {
                out.printf("%-14s %-7s %-8s %-20s %s%s%n", k.id(), k.role(), k.revoked() ? "revoked" : "active",
                        k.createdAt(), k.name(), k.scoped() ? "  scope " + k.scope() : "");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the key id (from 'clientele keys list')")
        String id;

        @Override
        public Integer call() {
            ApiKey k;
            try {
                k = parent.store().revoke(id);
            } catch (dev.clientele.security.KeyNotFoundException | dev.clientele.security.LastAdminKeyException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println("Revoked key " + k.id() + " (" + k.name() + ")");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
