package io.thunderline.ui.client;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.thunderline.support.identity.Caller;
import io.thunderline.support.identity.CallerTokens;
import io.thunderline.ui.security.Viewer;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The page calls a backend for the person signed in: the call carries a token naming them (and admin when they are),
 * so the backend decides what they may reach itself. A call with no person behind it (the status badges' schedule)
 * carries the page's service token instead. One subclass per backend, registered on its REST client.
 */
public abstract class ForwardedUser implements ClientRequestFilter {
    private final String audience;

    protected ForwardedUser(String audience) {
        this.audience = audience;
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            return;
        }
        ArcContainer container = Arc.container();
        CallerTokens tokens = container.instance(CallerTokens.class).get();
        Caller person = signedIn(container);
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION,
                person == null ? tokens.bearerAsService(audience) : tokens.bearerFor(person, audience));
    }

    /**
     * The person of the HTTP request being served, or null when there is none (a scheduled check). Read from the
     * request's Vert.x user, where sign-in left the identity: asking the SecurityIdentity bean instead blocks (and
     * fails on the event loop) when no sign-in ran, as in a scheduled call with an active request context.
     */
    private static Caller signedIn(ArcContainer container) {
        if (!container.requestContext().isActive()) {
            return null;
        }
        RoutingContext request = container.instance(CurrentVertxRequest.class).get().getCurrent();
        if (request == null || !(request.user() instanceof QuarkusHttpUser user)) {
            return null;
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Viewer viewer = Viewer.of(identity);
        return Caller.user(viewer.name(), viewer.admin());
    }

    public static class ToDataset extends ForwardedUser {
        public ToDataset() {
            super("dataset-service");
        }
    }

    public static class ToTrainer extends ForwardedUser {
        public ToTrainer() {
            super("trainer-service");
        }
    }

    public static class ToUpm extends ForwardedUser {
        public ToUpm() {
            super("upm-service");
        }
    }

    public static class ToTracking extends ForwardedUser {
        public ToTracking() {
            super("tracking-service");
        }
    }
}
