package dev.clientele;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.config.AppConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTest {
    @TempDir
    Path dir;

    @Test
    void an_empty_index_gets_demo_customers_once() {
        AppConfig config = AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(120);
        try (App app = App.start(config)) {
            assertThat(app.store().index().count()).isEqualTo(120);
            assertThat(app.store().findByExternalId("gen-42-0")).isPresent();
        }
        try (App app = App.start(config.withDemoCount(500))) {
            // Not empty any more: nothing is generated on top of real (or demo) data.
            assertThat(app.store().index().count()).isEqualTo(120);
        }
    }

    @Test
    void demo_customers_mix_the_configured_scripts() {
        try (App app = App.start(AppConfig.DEFAULTS.withPort(0).withDataDir(dir).withDemoCount(200))) {
            java.util.List<dev.clientele.customer.Customer> all = new java.util.ArrayList<>();
            app.store().index().forEach(all::add);
            assertThat(all).extracting(c -> c.address().country()).contains("HU", "RU", "DE", "GB");
            assertThat(all).anySatisfy(c -> assertThat(c.lastName()).matches(".*\\p{IsCyrillic}.*"));
        }
    }
}
