package dev.clientele.testing;

import dev.clientele.config.AppConfig;
import java.nio.file.Path;

/**
 * How tests authenticate: start the app with {@link #config} (auth enabled, keyless reads from loopback, and
 * {@link #ADMIN} as the first admin key), then send {@code Authorization: Bearer TestKeys.ADMIN} on writes
 * (see {@link TestHttp}).
 */
public final class TestKeys {
    /** The admin key of every test server started with {@link #config}. Never use it outside tests. */
    public static final String ADMIN = "ck_testadmin_" + "T3st0nlyAdm1nKeyT3st0nlyAdm1nKey";

    private TestKeys() {
    }

    /**
     * A new key made through {@code POST /api/admin/keys} of the server on {@code port} (with {@link #ADMIN}), e.g.
     * {@code create(port, "{\"role\":\"editor\",\"name\":\"e\"}")}; returns its plaintext key.
     */
    public static String create(int port, String body) {
        java.net.http.HttpResponse<String> r = TestHttp.admin(port).post("/api/admin/keys", body);
        if (r.statusCode() != 201) {
            throw new AssertionError("expected 201 creating a key, got " + r.statusCode() + ": " + r.body());
        }
        try {
            return dev.clientele.json.Json.MAPPER.readTree(r.body()).path("key").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A new key of {@code role} without a scope; returns its plaintext key. */
    public static String create(int port, String role, String name) {
        return create(port, "{\"role\":\"" + role + "\",\"name\":\"" + name + "\"}");
    }

    /** Defaults on port 0 in {@code dataDir}, no demo data, {@link #ADMIN} as admin key. */
    public static AppConfig config(Path dataDir) {
        return AppConfig.DEFAULTS.withPort(0).withDataDir(dataDir).withDemoCount(0).withAdminKey(ADMIN);
    }
}
