package dev.clientele.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void the_shipped_config_file_loads_and_matches_the_defaults() {
        AppConfig c = ConfigLoader.load(Path.of("config", "clientele.yaml"), Map.of(), true);
        assertThat(c.port()).isEqualTo(7070);
        assertThat(c.dataDir()).isEqualTo(Path.of("index-data"));
        assertThat(c.demoLocales()).containsExactly("hu", "ru", "de", "en");
        assertThat(c.bulkBatchSize()).isEqualTo(AppConfig.DEFAULTS.bulkBatchSize());
        assertThat(c.importBatchSize()).isEqualTo(AppConfig.DEFAULTS.importBatchSize()).isEqualTo(20_000);
        assertThat(c.minFreeDiskMb()).isEqualTo(AppConfig.DEFAULTS.minFreeDiskMb()).isEqualTo(256);
        assertThat(c.minFreeDiskBytes()).isEqualTo(dev.clientele.index.IndexSettings.DEFAULT_MIN_FREE_BYTES);
        // The shipped dedup numbers are the engine's defaults (the ones the quality tests hold).
        assertThat(c.dedup()).containsKeys("likely_threshold", "weights.emails.high");
        assertThat(dev.clientele.dedup.MatchConfigs.from(c.dedup())).isEqualTo(dev.clientele.dedup.MatchConfig.DEFAULTS);
    }

    @Test
    void the_shipped_config_backs_up_daily_keeping_a_week_and_the_built_in_default_never() {
        AppConfig c = ConfigLoader.load(Path.of("config", "clientele.yaml"), Map.of(), true);
        assertThat(c.backup()).isEqualTo(new AppConfig.Backup(java.time.Duration.ofHours(24), 7));
        assertThat(AppConfig.DEFAULTS.backup().scheduled()).isFalse();
    }

    @Test
    void backup_intervals_read_s_m_h_d_and_bad_ones_fail_naming_the_key() throws IOException {
        Map<String, java.time.Duration> good = Map.of("90s", java.time.Duration.ofSeconds(90),
                "30m", java.time.Duration.ofMinutes(30), "24H", java.time.Duration.ofHours(24),
                "7d", java.time.Duration.ofDays(7));
        for (Map.Entry<String, java.time.Duration> e : good.entrySet()) {
            AppConfig c = ConfigLoader.load(write("backup:\n  every: " + e.getKey() + "\n  keep: 3\n"), Map.of(), true);
            assertThat(c.backup().every()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(c.backup().keep()).isEqualTo(3);
        }
        assertThat(ConfigLoader.load(write("backup:\n  every: 0\n"), Map.of(), true).backup().scheduled()).isFalse();
        for (String bad : List.of("backup:\n  every: daily\n", "backup:\n  every: 24\n", "backup:\n  every: -1h\n",
                "backup:\n  keep: -1\n", "backup:\n  kept: 3\n")) {
            assertThatThrownBy(() -> ConfigLoader.load(write(bad), Map.of(), true)).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("backup.");
        }
    }

    @Test
    void the_index_is_merged_when_idle_after_index_optimize_when_idle_or_never_with_zero() throws IOException {
        assertThat(ConfigLoader.load(write("index:\n  ram_buffer_mb: 64\n"), Map.of(), true).optimizeWhenIdle())
                .isEqualTo(AppConfig.DEFAULT_OPTIMIZE_WHEN_IDLE);
        assertThat(AppConfig.DEFAULTS.optimizeWhenIdle()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(ConfigLoader.load(write("index:\n  optimize_when_idle: 2h\n"), Map.of(), true).optimizeWhenIdle())
                .isEqualTo(java.time.Duration.ofHours(2));
        assertThat(ConfigLoader.load(write("index:\n  optimize_when_idle: 0\n"), Map.of(), true).optimizeWhenIdle())
                .isZero();
        assertThat(AppConfig.DEFAULTS.withOptimizeWhenIdle(java.time.Duration.ofMinutes(5)).withPort(1)
                .optimizeWhenIdle()).isEqualTo(java.time.Duration.ofMinutes(5)); // kept by the other withers
        assertThatThrownBy(() -> ConfigLoader.load(write("index:\n  optimize_when_idle: soon\n"), Map.of(), true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("index.optimize_when_idle");
    }

    @Test
    void backups_go_to_backup_dir_or_the_environments_and_without_either_to_the_data_dirs_backups() throws IOException {
        AppConfig none = ConfigLoader.load(write("data:\n  dir: /srv/data\n"), Map.of(), true);
        assertThat(none.backupDir()).isEqualTo(Path.of("/srv/data/backups"));
        AppConfig file = ConfigLoader.load(write("data:\n  dir: /srv/data\nbackup:\n  every: 24h\n  dir: /mnt/backup\n"),
                Map.of(), true);
        assertThat(file.backupDir()).isEqualTo(Path.of("/mnt/backup"));
        assertThat(file.backup().every()).isEqualTo(java.time.Duration.ofHours(24));
        AppConfig env = ConfigLoader.load(write("backup:\n  dir: /mnt/backup\n"),
                Map.of("CLIENTELE_BACKUP_DIR", "/mnt/other"), true);
        assertThat(env.backupDir()).isEqualTo(Path.of("/mnt/other"));
        assertThatThrownBy(() -> ConfigLoader.load(write("backup:\n  dir: [a, b]\n"), Map.of(), true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("backup.dir");
    }

    @Test
    void the_shipped_config_reports_spend_in_euros_and_has_a_rate_for_every_demo_currency() {
        AppConfig c = ConfigLoader.load(Path.of("config", "clientele.yaml"), Map.of(), true);
        assertThat(c.currency().base()).isEqualTo("EUR");
        for (String demo : java.util.List.of("HUF", "RUB", "GBP", "USD", "EUR")) {
            assertThat(c.currency().rate(demo)).as(demo).isNotNull();
        }
        assertThat(c.currency().rate("HUF")).isEqualByComparingTo("0.0025");
    }

    @Test
    void without_a_currency_section_nothing_is_converted() throws IOException {
        assertThat(ConfigLoader.load(write("server:\n  port: 8000\n"), Map.of(), true).currency())
                .isEqualTo(dev.clientele.customer.CurrencyRates.NONE);
        assertThat(AppConfig.DEFAULTS.currency().converts()).isFalse();
    }

    @Test
    void currency_rates_are_read_exactly_and_bad_ones_fail_naming_the_key() throws IOException {
        AppConfig c = ConfigLoader.load(write("currency:\n  base: CHF\n  rates: {EUR: 0.95, HUF: 0.0024}\n"),
                Map.of(), true);
        assertThat(c.currency().base()).isEqualTo("CHF");
        assertThat(c.currency().rates()).containsEntry("EUR", new java.math.BigDecimal("0.95"))
                .containsEntry("HUF", new java.math.BigDecimal("0.0024"));
        for (String bad : java.util.List.of("currency:\n  base: CHF\n  rates: {EUR: -1}\n",
                "currency:\n  base: CHF\n  rates: {EUR: lots}\n")) {
            assertThatThrownBy(() -> ConfigLoader.load(write(bad), Map.of(), true)).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("currency.rates.EUR");
        }
        assertThatThrownBy(() -> ConfigLoader.load(write("currency:\n  base: CHF\n  rates: {EURO: 1.1}\n"),
                Map.of(), true)).isInstanceOf(ConfigException.class).hasMessageContaining("currency.rates.EURO");
        assertThatThrownBy(() -> ConfigLoader.load(write("currency:\n  base: Franken\n"), Map.of(), true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("currency.base");
        assertThatThrownBy(() -> ConfigLoader.load(write("currency:\n  rates: {EUR: 1.1}\n"), Map.of(), true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("currency.base");
        assertThatThrownBy(() -> ConfigLoader.load(write("currency:\n  bsae: EUR\n"), Map.of(), true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("currency.bsae");
    }

    @Test
    void environment_overrides_the_file() throws IOException {
        Path f = write("server:\n  port: 8000\n");
        AppConfig c = ConfigLoader.load(f, Map.of("CLIENTELE_PORT", "9001", "CLIENTELE_DATA", "/tmp/x"), true);
        assertThat(c.port()).isEqualTo(9001);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void an_unknown_key_fails_naming_file_and_key() throws IOException {
        Path f = write("server:\n  prot: 8000\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), true))
                .isInstanceOf(ConfigException.class).hasMessageContaining(f.toString()).hasMessageContaining("server.prot");
    }

    @Test
    void a_wrong_type_or_range_fails_naming_the_key() throws IOException {
        Path f = write("server:\n  port: seventy\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), true)).hasMessageContaining("server.port");
        Path g = write("index:\n  ram_buffer_mb: 99999\n");
        assertThatThrownBy(() -> ConfigLoader.load(g, Map.of(), true)).hasMessageContaining("index.ram_buffer_mb");
    }

    @Test
    void the_import_batch_size_is_read_apart_from_the_bulk_batch_size_and_must_be_positive() throws IOException {
        AppConfig c = ConfigLoader.load(write("http:\n  bulk_batch_size: 100\n  import_batch_size: 7\n"), Map.of(),
                true);
        assertThat(c.bulkBatchSize()).isEqualTo(100);
        assertThat(c.importBatchSize()).isEqualTo(7);
        Path zero = write("http:\n  import_batch_size: 0\n");
        assertThatThrownBy(() -> ConfigLoader.load(zero, Map.of(), true)).hasMessageContaining("http.import_batch_size");
    }

    @Test
    void the_name_collation_is_root_unless_a_language_is_configured_and_an_unknown_one_fails_naming_the_key()
            throws IOException {
        assertThat(ConfigLoader.load(write("server:\n  port: 7070\n"), Map.of(), true).collation()).isEqualTo("root");
        assertThat(ConfigLoader.load(write("search:\n  collation: HU\n"), Map.of(), true).collation())
                .isEqualTo("hu");
        assertThat(ConfigLoader.load(write("search:\n  collation: de-u-co-phonebk\n"), Map.of(), true).collation())
                .isEqualTo("de-u-co-phonebk");
        Path unknown = write("search:\n  collation: klingon\n");
        assertThatThrownBy(() -> ConfigLoader.load(unknown, Map.of(), true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("search.collation");
    }

    @Test
    void the_free_disk_minimum_is_read_zero_turns_it_off_and_negative_is_refused() throws IOException {
        assertThat(ConfigLoader.load(write("index:\n  min_free_disk_mb: 1024\n"), Map.of(), true).minFreeDiskBytes())
                .isEqualTo(1024L * 1024 * 1024);
        assertThat(ConfigLoader.load(write("index:\n  min_free_disk_mb: 0\n"), Map.of(), true).minFreeDiskMb())
                .isZero();
        Path negative = write("index:\n  min_free_disk_mb: -1\n");
        assertThatThrownBy(() -> ConfigLoader.load(negative, Map.of(), true))
                .hasMessageContaining("index.min_free_disk_mb");
    }

    @Test
    void spend_buckets_are_read_and_must_increase() throws IOException {
        AppConfig shipped = ConfigLoader.load(Path.of("config", "clientele.yaml"), Map.of(), true);
        assertThat(shipped.spendBuckets()).isEqualTo(AppConfig.DEFAULTS.spendBuckets());
        Path f = write("facets:\n  spend_buckets: [0, 50.5, 2000]\n");
        assertThat(ConfigLoader.load(f, Map.of(), true).spendBuckets()).extracting(java.math.BigDecimal::toPlainString)
                .containsExactly("0", "50.5", "2000");
        Path g = write("facets:\n  spend_buckets: [0, 100, 100]\n");
        assertThatThrownBy(() -> ConfigLoader.load(g, Map.of(), true)).hasMessageContaining("facets.spend_buckets");
    }

    @Test
    void dedup_numbers_are_read_and_impossible_ones_are_refused() throws IOException {
        Path f = write("dedup:\n  likely_threshold: 0.95\n  weights:\n    emails: {high: 0.99}\n");
        AppConfig c = ConfigLoader.load(f, Map.of(), true);
        var m = dev.clientele.dedup.MatchConfigs.from(c.dedup());
        assertThat(m.likelyThreshold()).isEqualTo(0.95);
        assertThat(m.emails().high()).isEqualTo(0.99);
        assertThat(m.emails().low()).isEqualTo(dev.clientele.dedup.MatchConfig.DEFAULTS.emails().low());
        Path g = write("dedup:\n  possible_threshold: 0.99\n");
        AppConfig bad = ConfigLoader.load(g, Map.of(), true);
        assertThatThrownBy(() -> dev.clientele.dedup.MatchConfigs.from(bad.dedup()))
                .hasMessageContaining("possibleThreshold");
        Path h = write("dedup:\n  weights:\n    shoe: {low: 0.1}\n");
        assertThatThrownBy(() -> ConfigLoader.load(h, Map.of(), true)).hasMessageContaining("dedup.weights.shoe.low");
    }

    @Test
    void a_bad_environment_port_fails() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CLIENTELE_PORT", "70000"), false))
                .hasMessageContaining("CLIENTELE_PORT");
    }

    @Test
    void a_missing_explicit_file_fails_but_a_missing_default_means_defaults() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), true))
                .hasMessageContaining("nope.yaml");
        assertThat(ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), false)).isEqualTo(AppConfig.DEFAULTS);
    }

    private Path write(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "c", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
