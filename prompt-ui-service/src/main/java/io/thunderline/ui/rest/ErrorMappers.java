package io.thunderline.ui.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.thunderline.contracts.EventCodec;
import io.thunderline.ui.client.Refused;
import io.thunderline.ui.security.Viewer;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import io.thunderline.ui.client.ServiceUnavailable;
import io.thunderline.ui.service.FormError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Errors the page shows next to a field, or as a banner when a service is down. Every refusal of the JSON API has one
 * shape: {field, message, errors[]} (field and errors may be empty). A page (not /api/**) that cannot be shown gets an
 * error page in the app's layout with a way back, never raw JSON or a bare status.
 */
public class ErrorMappers {
    @Inject
    @Location("errorPage.html")
    Template errorPage;

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper
    public Response formError(FormError e) {
        return json(400, refusal(e.field(), e.getMessage()));
    }

    /**
     * Another service's refusal names the field and the fix; it passes through in the API's one shape. The prompt's
     * text is {@code promptText} here whatever dataset-service calls it.
     */
    @ServerExceptionMapper
    public Response refused(Refused e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(normalise(e.body())).build();
    }

    static Map<String, Object> refusal(String field, String message) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("field", field);
        body.put("message", message);
        body.put("errors", java.util.List.of());
        return body;
    }

    static String normalise(String body) {
        try {
            JsonNode json = EventCodec.mapper().readTree(body);
            if (json instanceof ObjectNode o) {
                if ("text".equals(o.path("field").asText(null))) {
                    o.put("field", "promptText");
                }
                if (!o.has("field")) {
                    o.putNull("field");
                }
                if (!o.has("message")) {
                    o.put("message", "refused");
                }
                if (!o.path("errors").isArray()) {
                    o.putArray("errors");
                }
                return EventCodec.mapper().writeValueAsString(o);
            }
        } catch (Exception notJson) {
            // fall through
        }
        try {
            return EventCodec.mapper().writeValueAsString(refusal(null, body));
        } catch (Exception e) {
            return "{\"message\":\"refused\"}";
        }
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailable e) {
        return json(503, Map.of("message", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response open(CircuitBreakerOpenException e) {
        return json(503, Map.of("message", "A service is unavailable; try again in a few seconds"));
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e) {
        return json(503, Map.of("message", "A service did not answer in time; try again in a few seconds"));
    }

    @ServerExceptionMapper
    public Response notVisible(JobAccess.NotYours e, UriInfo uri) {
        if (isPage(uri)) {
            return page(404, "Job not found", e.getMessage() + ": it does not exist, or it belongs to another user. "
                    + "Your jobs are listed under Recent jobs.");
        }
        return json(404, refusal(null, e.getMessage()));
    }

    /** A signed-in user without the role a page or call needs (the admin dashboard). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (isPage(uri)) {
            return page(403, "Administrators only", "This page is for users with the role admin. You are signed in as "
                    + name() + ".");
        }
        return json(403, refusal(null, "This needs the role admin; you are signed in as " + name()));
    }

    private static boolean isPage(UriInfo uri) {
        String path = uri == null ? "" : uri.getPath();
        return !path.startsWith("/api/") && !path.startsWith("api/");
    }

    private String name() {
        return identity == null || identity.isAnonymous() ? "nobody" : identity.getPrincipal().getName();
    }

    private Response page(int status, String title, String message) {
        Viewer viewer = identity == null || identity.isAnonymous() ? new Viewer("", false) : Viewer.of(identity);
        // a request refused before the CSRF filter ran has no token: the error page's layout goes without the
        // token's parts (the sign-out form); everything else is the app's layout
        String html = errorPage.data("viewer", viewer).data("errorPage", true).data("status", status).data("heading", title)
                .data("message", message).render();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }

    static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
