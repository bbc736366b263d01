package dev.clientele.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * Answers a HEAD request as its GET would be answered, without the body (RFC 9110: the same status and headers).
 * Javalin alone answers HEAD on any path with a GET route with an empty 200, without running the route: a HEAD of
 * a customer that does not exist said 200, and one that does got no ETag. The route sees a GET; Jetty, which knows
 * the request is a HEAD, sends no body.
 */
final class HeadAsGet implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && "HEAD".equals(http.getMethod())) {
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public String getMethod() {
                    return "GET";
                }
            }, response);
        } else {
            chain.doFilter(request, response);
        }
    }
}
