package dev.clientele.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.ServerProcess;
import dev.clientele.customer.Customer;
import dev.clientele.customer.CustomerValidator;
import dev.clientele.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandIT {
    @TempDir
    Path dir;

    @Test
    void the_jar_generates_valid_deterministic_multilingual_customers() throws Exception {
        Path a = dir.resolve("a.ndjson");
        Path b = dir.resolve("b.ndjson");
        run("generate", "--count", "300", "--seed", "5", "-o", a.toString());
        run("generate", "--count", "300", "--seed", "5", "-o", b.toString());
        List<String> lines = Files.readAllLines(a);
        assertThat(lines).hasSize(300);
        assertThat(Files.readString(a)).isEqualTo(Files.readString(b));
        CustomerValidator validator = new CustomerValidator();
        boolean cyrillic = false;
        boolean hungarian = false;
        for (String line : lines) {
            Customer c = validator.clean(Json.MAPPER.readValue(line, Customer.class));
            cyrillic |= c.fullName().chars().anyMatch(ch -> Character.UnicodeBlock.of(ch)
                    == Character.UnicodeBlock.CYRILLIC);
            hungarian |= "HU".equals(c.address().country());
        }
        assertThat(cyrillic).isTrue();
        assertThat(hungarian).isTrue();
    }

    @Test
    void bad_arguments_exit_non_zero_with_a_message() throws Exception {
        Process p = ServerProcess.java("generate", "--count", "3", "--locales", "xx").start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("unknown locale");
    }

    private static void run(String... args) throws Exception {
        Process p = ServerProcess.java(args).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
