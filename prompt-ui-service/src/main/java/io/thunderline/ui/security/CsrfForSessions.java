package io.thunderline.ui.security;

import io.thunderline.support.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * quarkus-rest-csrf checks a token wherever one is sent (form field or X-CSRF-TOKEN header) against the csrf-token
 * cookie. This filter makes the header mandatory for state-changing JSON calls that ride on the session cookie, the
 * only credential a browser attaches by itself. Calls that bring their own Authorization header (scripts using
 * HTTP Basic) carry no ambient credential, so they need no token.
 */
public class CsrfForSessions {
    static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    static final String HEADER = "X-CSRF-TOKEN";

    @ServerRequestFilter(priority = 100)
    public Response requireToken(ContainerRequestContext request) {
        if (!needsHeader(request.getMethod(), request.getHeaderString("Authorization"), request.getMediaType(),
                request.getHeaderString(HEADER))) {
            return null;
        }
        return Problem.of(403, HEADER, "This request lacks its CSRF token (header " + HEADER
                + "): reload the page and try again.").toResponse();
    }

    static boolean needsHeader(String method, String authorization, MediaType type, String token) {
        if (SAFE.contains(method) || (authorization != null && !authorization.isBlank())) {
            return false;
        }
        boolean form = type != null && ("application".equals(type.getType()) && "x-www-form-urlencoded".equals(type.getSubtype())
                || "multipart".equals(type.getType()) && "form-data".equals(type.getSubtype()));
        // forms are checked by quarkus-rest-csrf through their hidden field
        return !form && (token == null || token.isBlank());
    }
}
