package io.thunderline.ui.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import io.thunderline.support.problem.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * The challenge for the JSON API. Pages redirect an anonymous visitor to the sign-in form, but a script (or the page's
 * own fetch() after its session expired) calling /api/** needs a 401, not a redirect to an HTML form. Scripts get the
 * Basic challenge; the page marks its calls with X-Requested-With, so the browser shows no password dialog.
 * This mechanism authenticates nobody: the form and Basic mechanisms do that.
 */
@ApplicationScoped
public class ApiChallenge implements HttpAuthenticationMechanism {
    static final String API_PREFIX = "/api/";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (!context.normalizedPath().startsWith(API_PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        boolean fromPage = context.request().getHeader("X-Requested-With") != null;
        return Uni.createFrom().item(fromPage ? new ChallengeData(401)
                : new ChallengeData(401, "WWW-Authenticate", "Basic realm=\"Thunderline\""));
    }

    /** The challenge with the API's one error body, so that a script reads why, as with every other error. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            if (challenge == null) {
                return false;
            }
            HttpServerResponse response = context.response().setStatusCode(challenge.status);
            challenge.getHeaders().forEach(response::putHeader);
            response.putHeader("Content-Type", Problem.MEDIA_TYPE).end(EventCodec.toJson(Problem.of(challenge.status, null,
                    "Sign in first: this call needs your session or HTTP Basic credentials.")));
            return true;
        });
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    /** Asked before the form mechanism (1000) and Basic (2000), so /api/** never gets the form's redirect. */
    @Override
    public int getPriority() {
        return 3000;
    }
}
