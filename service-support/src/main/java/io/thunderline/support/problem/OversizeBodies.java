package io.thunderline.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size}, or a Content-Length that is not a number,
 * answered with a problem body. Quarkus' own limit route ends such a request with an empty 413 before any exception
 * mapper runs, so this route runs just ahead of it and answers first, without reading the body.
 */
@ApplicationScoped
public class OversizeBodies {
    private final long limit;
    private final ObjectMapper json;

    public OversizeBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") String limit,
                          ObjectMapper json) {
        this.limit = new MemorySizeConverter().convert(limit).asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check)
                // where a body handler read the body first (forms), it fails the request with 413 instead
                .failureHandler(this::failed);
    }

    void check(RoutingContext context) {
        Problem refusal = refusal(context.request().getHeader("Content-Length"), limit);
        if (refusal == null) {
            context.next();
        } else {
            answer(context, refusal);
        }
    }

    void failed(RoutingContext context) {
        if (context.statusCode() != 413 || context.response().ended() || context.response().headWritten()) {
            context.next();
            return;
        }
        answer(context, Problem.of(413, "body", "the request body is larger than the " + limit
                + " bytes this service accepts; send less (a large dataset as several CSV files)"));
    }

    private void answer(RoutingContext context, Problem refusal) {
        String body;
        try {
            body = json.writeValueAsString(refusal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a record of strings and numbers always serialises
        }
        // the body is never read: close the connection after answering, as Quarkus' own limit does
        context.response().setStatusCode(refusal.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .endHandler(v -> context.request().connection().close())
                .end(body);
    }

    /** The refusal for a declared length, or null when the request may go on (no length, or within the limit). */
    static Problem refusal(String contentLength, long limit) {
        if (contentLength == null) {
            return null; // chunked: Quarkus counts the bytes as they arrive
        }
        long declared;
        try {
            declared = Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return Problem.of(400, "Content-Length", "Content-Length '" + shorten(contentLength)
                    + "' is not a number of bytes; let your HTTP client set it");
        }
        if (declared < 0) {
            return Problem.of(400, "Content-Length", "Content-Length " + declared + " is negative; let your HTTP client set it");
        }
        if (declared > limit) {
            return Problem.of(413, "body", "the request body has " + declared + " bytes, more than the " + limit
                    + " this service accepts; send less (a large dataset as several CSV files)");
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "…" : s;
    }
}
