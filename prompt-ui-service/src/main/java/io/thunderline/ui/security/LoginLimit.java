package io.thunderline.ui.security;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import io.thunderline.support.problem.Problem;
import io.thunderline.ui.config.UiConfig;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Login rate limiting for the sign-in form (POST /j_security_check) and HTTP Basic: after
 * {@code thunderline.ui.login.max-failures} (default 5) failed sign-ins for one user name from one client address within
 * {@code thunderline.ui.login.window} (default 5m), further attempts for that pair are answered 429 Too Many Requests
 * with {@code Retry-After} (seconds) and a problem+json body naming the field ({@code j_username} for the form,
 * {@code Authorization} for Basic), without checking the password; a browser posting the form (Accept text/html) is
 * sent back to the sign-in page instead, which says how long to wait ({@code /login?locked=<seconds>}). Successful
 * sign-ins do not count; the limit expires by itself as the failures leave the window. {@code thunderline.ui.login.max-tracked} (default 100000) bounds the
 * pairs remembered. The counting and the decision are {@link LoginLimiter}'s.
 * <p>
 * How it hooks in: both mechanisms hand the user name and password to the identity providers as a
 * {@link UsernamePasswordAuthenticationRequest} carrying the request's RoutingContext. This provider has a higher
 * priority than the properties-file realm, so it is asked first: a refused pair gets the 429 written here and the
 * attempt fails before the realm sees the password (Quarkus' failure handler leaves an ended response alone); otherwise
 * it answers "not mine" and the realm checks the password. Failures are counted from Quarkus' security events
 * ({@link AuthenticationFailureEvent}, which carries the RoutingContext): only attempts that came through here with a
 * user name count, each once, and refused attempts do not extend the block. The form's user name is known only here,
 * after Quarkus has read the posted form, which is why the decision is not an HTTP filter in front of authentication.
 * <p>
 * The client address is the TCP peer: behind the Ingress that is the Ingress for everyone, so the limit then works per
 * user name.
 */
@ApplicationScoped
public class LoginLimit implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(LoginLimit.class);
    static final String KEY = LoginLimit.class.getName() + ".key";
    static final String SETTLED = LoginLimit.class.getName() + ".settled";
    static final String FORM_POST = "/j_security_check";

    private final LoginLimiter limiter;
    private final Clock clock;

    public LoginLimit(UiConfig config) {
        UiConfig.Login login = config.login();
        this.limiter = new LoginLimiter(login.maxFailures(), login.window(), login.maxTracked());
        this.clock = Clock.systemUTC();
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    /** Before the properties-file realm (default priority 1001): the decision comes before the password check. */
    @Override
    public int priority() {
        return 5000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (http == null) {
            return Uni.createFrom().nullItem();
        }
        String key = LoginLimiter.key(http.request().remoteAddress() == null ? null
                : http.request().remoteAddress().hostAddress(), request.getUsername());
        http.put(KEY, key);
        Instant now = clock.instant();
        Optional<Duration> refused = limiter.refusedFor(key, now);
        if (refused.isEmpty()) {
            return Uni.createFrom().nullItem();   // the realm checks the password
        }
        http.put(SETTLED, Boolean.TRUE);
        refuse(http, refused.get(), now);
        return Uni.createFrom().failure(new AuthenticationFailedException("too many failed sign-ins"));
    }

    /** Counts a failed sign-in of an attempt that came through {@link #authenticate}, once. */
    void failed(@Observes AuthenticationFailureEvent event) {
        // HttpAuthenticator fires it with the RoutingContext under its class name; other sources under Quarkus' attribute
        Object property = event.getEventProperties().get(RoutingContext.class.getName());
        RoutingContext http = property instanceof RoutingContext context ? context
                : HttpSecurityUtils.getRoutingContextAttribute(event.getEventProperties());
        if (http == null || http.get(KEY) == null || http.get(SETTLED) != null) {
            return;
        }
        http.put(SETTLED, Boolean.TRUE);
        String key = http.get(KEY);
        limiter.recordFailure(key, clock.instant());
        LOG.debugf("failed sign-in for %s", key);
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        limiter.forgetExpired(clock.instant());
    }

    /** Forgets every failure (tests that sign in wrongly on purpose). */
    public void reset() {
        limiter.clear();
    }

    private static void refuse(RoutingContext http, Duration refusedFor, Instant now) {
        HttpServerResponse response = http.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        long seconds = Math.max(1, (refusedFor.toMillis() + 999) / 1000);
        boolean form = FORM_POST.equals(http.normalizedPath());
        String accept = http.request().getHeader("Accept");
        response.putHeader("Retry-After", Long.toString(seconds));
        if (form && accept != null && accept.contains("text/html")) {
            // a person at the sign-in form: back to it, with the wait in words instead of a JSON body
            response.setStatusCode(302).putHeader("Location", "/login?locked=" + seconds).end();
        } else {
            Instant retryAt = now.plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
            Problem problem = Problem.of(429, form ? "j_username" : "Authorization",
                    "Too many failed sign-ins for this user name from your address: try again in " + seconds
                            + " s (at " + retryAt + ").");
            response.setStatusCode(429).putHeader("Content-Type", Problem.MEDIA_TYPE).end(EventCodec.toJson(problem));
        }
        LOG.infof("sign-in refused for %s s: too many failed attempts from %s", seconds, http.request().remoteAddress());
    }
}
