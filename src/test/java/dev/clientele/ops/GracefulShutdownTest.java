package dev.clientele.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clientele.App;
import dev.clientele.index.CustomerIndex;
import dev.clientele.testing.TestHttp;
import dev.clientele.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void every_acknowledged_write_survives_closing_the_app_while_clients_write() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        App app = App.start(TestKeys.config(dir));
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int client = t;
            clients.add(Thread.ofPlatform().start(() -> {
                // A request cut off by the shutdown may never be answered; it is simply not acknowledged.
                TestHttp admin = TestHttp.admin(app.port()).withTimeout(Duration.ofSeconds(10));
                for (int i = 0; !stop.get(); i++) {
                    String ext = "c" + client + "-" + i;
                    try {
                        HttpResponse<String> r = admin.put("/api/customers/by-external-id/" + ext,
                                "{\"first_name\":\"W" + i + "\"}");
                        if (r.statusCode() == 201) {
                            acknowledged.add(ext);
                        }
                    } catch (RuntimeException e) {
                        return; // the server went away: this write was not acknowledged
                    }
                }
            }));
        }
        while (acknowledged.size() < 20) {
            Thread.onSpinWait();
            Thread.sleep(5);
        }
        app.close(); // while the clients are still writing
        stop.set(true);
        for (Thread c : clients) {
            c.join();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20);
        try (CustomerIndex index = CustomerIndex.open(dir.resolve("index"))) {
            for (String ext : acknowledged) {
                assertThat(index.idForExternalId(ext)).as(ext).isPresent();
            }
        }
    }
}
