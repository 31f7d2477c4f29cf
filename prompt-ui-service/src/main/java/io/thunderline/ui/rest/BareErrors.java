package io.thunderline.ui.rest;

import io.thunderline.support.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * An error of the JSON API answered without a body by something that is not ours (quarkus-rest-csrf refuses a token
 * that does not match its cookie with a bare 400) still gets the API's one error body.
 */
public class BareErrors {
    @ServerResponseFilter
    public void problemBody(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || ErrorMappers.isPage(request.getUriInfo())) {
            return;
        }
        boolean csrf = status == 400 && request.getHeaderString("X-CSRF-TOKEN") != null;
        Problem problem = csrf ? Problem.of(status, "X-CSRF-TOKEN", "The CSRF token of this request does not match your "
                + "session: reload the page and try again.") : Problem.of(status, null, "Refused with HTTP " + status + ".");
        response.setEntity(problem, null, Problem.MEDIA);
    }
}
