package dev.clientele.http;

import dev.clientele.config.AppConfig;
import dev.clientele.json.Json;
import dev.clientele.ops.Operations;
import dev.clientele.search.CustomerSearcher;
import dev.clientele.search.Suggester;
import dev.clientele.search.ListSearcher;
import dev.clientele.store.CustomerStore;
import dev.clientele.store.SavedListStore;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin server: JSON mapping, error mapping, routes and static UI files. Knows nothing of Lucene.
 * The caller starts it and owns the services' lifecycle.
 */
public final class HttpServer {
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.clientele.access");
    private static final String STARTED = "clientele.started";

    private HttpServer() {
    }

    /** The services the HTTP layer serves. */
    public record Services(CustomerStore store, dev.clientele.dedup.DuplicateService duplicates,
                           dev.clientele.ingest.ImportService imports, dev.clientele.jobs.Jobs jobs,
                           dev.clientele.privacy.ErasureService erasure, Operations ops,
                           ListSearcher lists, SavedListStore savedLists) {
    }

    /** How long a stop waits for the requests in progress to be answered. */
    static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(10);

    public static Javalin create(Services services, AppConfig config) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.prefer405over404 = true;
            // Bodies are read through bounded streams (Bodies, BulkRoutes); this only caps Javalin's own readers.
            cfg.http.maxRequestSize = Math.max(config.maxBodyBytes(), 1024);
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.multipartConfig.maxFileSize(config.maxBulkBytes(), io.javalin.config.SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxBulkBytes(), io.javalin.config.SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, io.javalin.config.SizeUnit.MB);
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new ProblemErrorHandler());
                // A stop lets the requests in progress finish (for up to STOP_TIMEOUT) and answers new ones 503.
                // Without it Jetty closed their connections at once: a caller of POST /api/admin/optimize?wait=true,
                // answered 503 as the stop abandons the merge, got an empty reply instead.
                var graceful = new org.eclipse.jetty.server.handler.GracefulHandler();
                // Idle keep-alive connections are closed after this long once the stop begins (Jetty's default,
                // a second, made every stop of a server a client had talked to take a second: the API tests ran
                // three times as long).
                graceful.setShutdownIdleTimeout(50);
                server.insertHandler(graceful);
                server.setStopTimeout(STOP_TIMEOUT.toMillis());
            });
            cfg.jetty.modifyServletContextHandler(h -> h.addFilter(
                    new org.eclipse.jetty.ee10.servlet.FilterHolder(new HeadAsGet()), "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            if (HttpServer.class.getResource("/public/index.html") != null) {
                cfg.staticFiles.add("/public", Location.CLASSPATH);
            }
            ErrorMapping.register(cfg.routes);
            OpsWiring.install(cfg, services.ops(), config); // first: checks that every route has an Access role
            cfg.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
            cfg.routes.after(ctx -> {
                Long started = ctx.attribute(STARTED);
                if (started != null && ACCESS.isInfoEnabled()) {
                    // Route templates only: paths and query strings can carry names and emails.
                    ACCESS.info("{} {} {} {}ms", ctx.method(), ErrorMapping.routeOf(ctx), ctx.statusCode(),
                            (System.nanoTime() - started) / 1_000_000);
                }
            });
            new HealthRoutes(services.store(), services.ops().authenticator(), services.ops().startup())
                    .register(cfg.routes);
            new SessionRoutes().register(cfg.routes);
            new CustomerRoutes(services.store(), services.duplicates(), config, services.lists()).register(cfg.routes);
            new BulkRoutes(services.store(), services.duplicates(), config).register(cfg.routes);
            new DuplicateRoutes(services.duplicates(), config).register(cfg.routes);
            new PrivacyRoutes(services.store(), services.erasure(), services.duplicates(), services.ops().audit())
                    .register(cfg.routes);
            new ImportRoutes(services.imports(), services.store(), services.duplicates(), services.jobs(), config)
                    .register(cfg.routes);
            CustomerSearcher searcher = new CustomerSearcher(services.store().index());
            new SearchRoutes(searcher, new Suggester(services.store().index()), services.lists(),
                    services.savedLists()).register(cfg.routes);
            new BrowseRoutes(searcher, services.lists(), services.savedLists()).register(cfg.routes);
            new ExportRoutes(searcher, services.lists(), services.savedLists()).register(cfg.routes);
            new EditRoutes(searcher, services.lists(), services.savedLists(), services.store(), services.jobs(), config)
                    .register(cfg.routes);
            new SavedListRoutes(services.savedLists()).register(cfg.routes);
        });
    }
}
