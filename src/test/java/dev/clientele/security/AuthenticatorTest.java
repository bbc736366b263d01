package dev.clientele.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clientele.config.AppConfig;
import dev.clientele.config.ConfigException;
import dev.clientele.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    @TempDir
    Path dir;

    @Test
    void keyless_loopback_requests_read_only_when_open_read_is_on() {
        KeyStore keys = KeyStore.open(dir);
        Authenticator open = new Authenticator(keys, true, true);
        assertThat(open.authenticate(null, true)).isEqualTo(Principal.LOOPBACK_READER);
        assertThatThrownBy(() -> open.authenticate(null, false)).isInstanceOf(UnauthenticatedException.class);
        assertThatThrownBy(() -> open.authorize(Principal.LOOPBACK_READER, Role.EDITOR))
                .isInstanceOf(UnauthenticatedException.class);

        Authenticator closed = new Authenticator(keys, true, false);
        assertThatThrownBy(() -> closed.authenticate(null, true)).isInstanceOf(UnauthenticatedException.class);
        assertThatThrownBy(() -> closed.authenticate("  ", true)).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void a_bad_key_is_refused_even_from_loopback_and_a_weak_one_is_forbidden() {
        KeyStore keys = KeyStore.open(dir);
        CreatedKey reader = keys.create(Role.READER, "r", null, null);
        Authenticator auth = new Authenticator(keys, true, true);
        assertThatThrownBy(() -> auth.authenticate("ck_bogus_bogusbogusbogusbogus", true))
                .isInstanceOf(UnauthenticatedException.class);
        Principal p = auth.authenticate(reader.plaintext(), false);
        assertThat(p).isEqualTo(new Principal(reader.key().id(), Role.READER));
        auth.authorize(p, Role.READER);
        assertThatThrownBy(() -> auth.authorize(p, Role.EDITOR)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void disabled_security_makes_everyone_admin() {
        Authenticator off = new Authenticator(KeyStore.open(dir), false, false);
        assertThat(off.authenticate(null, false).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void config_file_and_environment_set_the_security_keys() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "security:\n  enabled: true\n  open_read_on_loopback: false\n");
        AppConfig c = ConfigLoader.load(file, Map.of("CLIENTELE_ADMIN_KEY", "ck_envadmin_0123456789abcdef"), true);
        assertThat(c.security().openReadOnLoopback()).isFalse();
        assertThat(c.security().enabled()).isTrue();
        assertThat(c.security().adminKey()).isEqualTo("ck_envadmin_0123456789abcdef");
        assertThat(c.toString()).doesNotContain("0123456789abcdef");
        assertThat(AppConfig.DEFAULTS.security()).isEqualTo(new AppConfig.Security(true, true, null));

        Files.writeString(file, "security:\n  enabled: yes please\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("security.enabled");
    }

    @Test
    void the_shipped_config_file_turns_security_on_with_open_loopback_reads() {
        AppConfig c = ConfigLoader.load(Path.of("config", "clientele.yaml"), Map.of(), true);
        assertThat(c.security().enabled()).isTrue();
        assertThat(c.security().openReadOnLoopback()).isTrue();
    }
}
