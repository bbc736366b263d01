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

    /** Defaults on port 0 in {@code dataDir}, no demo data, {@link #ADMIN} as admin key. */
    public static AppConfig config(Path dataDir) {
        return AppConfig.DEFAULTS.withPort(0).withDataDir(dataDir).withDemoCount(0).withAdminKey(ADMIN);
    }
}
