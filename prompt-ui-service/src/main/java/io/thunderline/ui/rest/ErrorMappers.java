package io.thunderline.ui.rest;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.thunderline.support.problem.Problem;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.support.problem.ProblemMappers;
import io.thunderline.ui.security.Viewer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * The page's errors. Every error of the JSON API (/api/**) is a problem body (RFC 9457, service-support's
 * {@link Problem}): a refused form field, a backend's refusal passed through, a service that is down (503), a job that
 * is not yours (404), a missing role (403). A page (not /api/**) that cannot be shown gets an error page in the app's
 * layout with a way back, never raw JSON or a bare status: these mappers come before service-support's
 * {@link ProblemMappers} (a higher priority for the same exception types) and hand /api/** on to them.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** Before ProblemMappers (Priorities.USER) for the same exception type. */
    static final int BEFORE_PROBLEM_MAPPERS = Priorities.USER - 100;
    private static final ProblemMappers PROBLEMS = new ProblemMappers();

    @Inject
    @Location("errorPage.html")
    Template errorPage;

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper
    public Response notVisible(JobAccess.NotYours e, UriInfo uri) {
        if (isPage(uri)) {
            return page(404, "Job not found", e.getMessage() + ": it does not exist, or it belongs to another user. "
                    + "Your jobs are listed under Recent jobs.");
        }
        return e.problem().toResponse();
    }

    /** A signed-in user without the role a page or call needs (the admin dashboard). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (isPage(uri)) {
            return page(403, "Administrators only", "This page is for users with the role admin. You are signed in as "
                    + name() + ".");
        }
        return Problem.of(403, null, "This needs the role admin; you are signed in as " + name()).toResponse();
    }

    /** A refusal (a form field, a backend's 4xx, a service down) on a page is shown in the layout. */
    @ServerExceptionMapper(priority = BEFORE_PROBLEM_MAPPERS)
    public Response refused(ProblemException e, UriInfo uri) {
        if (isPage(uri)) {
            return page(e.status(), title(e.status()), e.getMessage());
        }
        return e.problem().toResponse();
    }

    /** An unknown page, a wrong method: a page in the layout; the API's answer is ProblemMappers'. */
    @ServerExceptionMapper(priority = BEFORE_PROBLEM_MAPPERS)
    public Response web(WebApplicationException e, UriInfo uri, Request request, HttpHeaders headers) {
        Response response = e.getResponse();
        if (isPage(uri) && !response.hasEntity()) {
            int status = response.getStatus();
            return page(status, title(status), status == 404 ? "There is no page at /"
                    + uri.getPath().replaceFirst("^/", "") + "." : String.valueOf(e.getMessage()));
        }
        return PROBLEMS.web(e, uri, request, headers);
    }

    /** Anything unexpected: on a page, an error page with the log's reference; in the API, ProblemMappers' 500. */
    @ServerExceptionMapper(priority = BEFORE_PROBLEM_MAPPERS)
    public Response unexpected(Exception e, UriInfo uri) {
        if (!isPage(uri)) {
            return PROBLEMS.unexpected(e);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure showing %s, reference %s", uri.getPath(), reference);
        return page(500, "Something went wrong", "This page cannot be shown now (reference " + reference
                + "; the service's log has the details). Try again in a moment.");
    }

    static boolean isPage(UriInfo uri) {
        String path = uri == null ? "" : uri.getPath();
        return !path.startsWith("/api/") && !path.startsWith("api/");
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
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
}
