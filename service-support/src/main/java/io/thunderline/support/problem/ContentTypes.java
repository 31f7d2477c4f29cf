package io.thunderline.support.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.regex.Pattern;

/**
 * Refuses, before routing, a request whose body has no Content-Type (415), or whose Content-Type is not a media type
 * or a multipart one without its boundary (400), with a problem naming the header. Quarkus would otherwise guess the type from the endpoint (and read a JSON
 * body anyway) or fail deep inside with a 500; and a body without a type is what a cross-site page can send without
 * asking first, so a JSON API should not read it. Bodiless calls (a cancel, a retry) are not affected.
 */
public class ContentTypes {
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN + "\\s*(;.*)?", Pattern.DOTALL);
    private static final Pattern MULTIPART = Pattern.compile("\\s*multipart/", Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNDARY = Pattern.compile(";\\s*boundary=\\S", Pattern.CASE_INSENSITIVE);

    @ServerRequestFilter(preMatching = true)
    public Response refuseUntypedBodies(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return hasBody(request) ? Problem.of(415, "Content-Type", "the request has a body but no Content-Type; send "
                    + "Content-Type: application/json (or the type the endpoint's documentation names)").toResponse() : null;
        }
        if (!parses(type)) {
            return Problem.of(400, "Content-Type", "Content-Type '" + (type.length() > 40 ? type.substring(0, 40) + "…"
                    : type) + "' is not a media type; send application/json (or the type the endpoint's documentation "
                    + "names)").toResponse();
        }
        // without its boundary a multipart body cannot be split into parts: every field would look missing
        if (MULTIPART.matcher(type).lookingAt() && !BOUNDARY.matcher(type).find()) {
            return Problem.of(400, "Content-Type", "a multipart Content-Type needs its boundary parameter "
                    + "(multipart/form-data; boundary=...); let your HTTP client build the form").toResponse();
        }
        return null;
    }

    static boolean hasBody(ContainerRequestContext request) {
        if (request.getHeaderString("Transfer-Encoding") != null) {
            return true;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            return length != null && Long.parseLong(length.strip()) > 0;
        } catch (NumberFormatException e) {
            return true; // OversizeBodies refuses such a length before this runs
        }
    }

    /** type/subtype of RFC 9110 tokens, then parameters (which the endpoint's reader checks). */
    static boolean parses(String type) {
        return MEDIA_TYPE.matcher(type.strip()).matches();
    }
}
