package dev.clientele.http;

import io.javalin.config.Key;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.security.RouteRole;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Every HTTP route of the server with its {@link Access} rule, collected from Javalin's {@code handlerAdded}
 * events. Fails fast: adding a route without exactly one {@code Access} role throws, so the server does not start
 * with a route that nobody decided the access of. Tests enumerate {@link #routes()} to check every route against
 * every role, and against the OpenAPI document.
 */
public final class RouteRegistry {
    /** Where the registry is kept in the Javalin app data. */
    public static final Key<RouteRegistry> KEY = new Key<>("clientele.routes");

    /** One route: HTTP method, path template (Javalin syntax, {@code {id}}) and access rule. */
    public record Route(String method, String path, Access access) {
    }

    private final List<Route> routes = Collections.synchronizedList(new ArrayList<>());

    void add(HandlerMetaInfo info) {
        if (!info.getHttpMethod().isHttpMethod()) {
            return; // before/after filters are not routes
        }
        Set<RouteRole> roles = info.getRoles();
        List<Access> access = roles.stream().filter(Access.class::isInstance).map(Access.class::cast).toList();
        if (access.size() != 1 || roles.size() != 1) {
            throw new IllegalStateException("route " + info.getHttpMethod() + " " + info.getPath()
                    + " must be registered with exactly one Access role (Access.ANYONE, READER, EDITOR or ADMIN), "
                    + "had " + roles);
        }
        routes.add(new Route(info.getHttpMethod().name(), info.getPath(), access.get(0)));
    }

    /** The routes in registration order. */
    public List<Route> routes() {
        synchronized (routes) {
            return List.copyOf(routes);
        }
    }
}
