package io.thunderline.support.identity;

import io.thunderline.support.ServiceIdentity;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;

/**
 * The one door of a backend: every REST call must prove who makes it, with a bearer token from the deployment's key
 * for this service's audience, or (agents only) the agent key. Anything else is a 401 problem before routing, so an
 * unknown path tells a stranger nothing either. /q/* (health, metrics, OpenAPI) is served by Vert.x routes outside
 * JAX-RS and never reaches this filter. The verified {@link Caller} becomes the request's SecurityContext; which
 * caller may do what is each resource's decision (owner-or-admin).
 *
 * <p>A plain filter rather than Quarkus' JWT mechanism: its refusals are the project's problem body (the mechanism
 * answers an empty 401), and the page, which signs people in with a form, keeps its own mechanisms untouched.
 */
public class CallerAuthentication {
    private static final Logger LOG = Logger.getLogger(CallerAuthentication.class);
    public static final String AGENT_KEY_HEADER = "X-Agent-Key";

    private final IdentityConfig config;
    private final String self;
    private volatile TokenVerifier verifier;

    public CallerAuthentication(IdentityConfig config, ServiceIdentity service) {
        this.config = config;
        this.self = service.name();
    }

    @ServerRequestFilter(preMatching = true, priority = 100)
    public Response authenticate(ContainerRequestContext request) {
        if (!config.required()) {
            return null;
        }
        try {
            Caller caller = callerOf(request);
            request.setSecurityContext(new Verified(caller));
            return null;
        } catch (CallerRefused e) {
            return Response.fromResponse(e.problem().toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"thunderline\"").build();
        }
    }

    Caller callerOf(ContainerRequestContext request) {
        String agentKey = request.getHeaderString(AGENT_KEY_HEADER);
        if (agentKey != null && config.acceptAgentKey()) {
            return agent(agentKey);
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw new CallerRefused("this call has no credentials: " + self + " answers only calls with "
                    + "Authorization: Bearer <token> (signed by the deployment's key for audience " + self + ")");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new CallerRefused("Authorization must be 'Bearer <token>'");
        }
        return verifier().verify(authorization.substring(7).strip());
    }

    private Caller agent(String offered) {
        String expected = config.agentKey().orElse(null);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                offered.getBytes(StandardCharsets.UTF_8))) {
            throw new CallerRefused("the " + AGENT_KEY_HEADER + " header is not this deployment's agent key "
                    + "(THUNDERLINE_AGENT_KEY)");
        }
        return Caller.forAgent();
    }

    private TokenVerifier verifier() {
        TokenVerifier v = verifier;
        if (v == null) {
            String location = config.publicKeyLocation().orElse(null);
            if (location == null) {
                LOG.error("no verification key: every call is refused until THUNDERLINE_JWT_PUBLIC_KEY "
                        + "(thunderline.identity.public-key-location) names the deployment's PEM public key");
                throw new CallerRefused(self + " has no key to verify tokens with; its operator must set "
                        + "THUNDERLINE_JWT_PUBLIC_KEY");
            }
            v = new TokenVerifier(KeyFiles.publicKey(location), config.issuer(), self, config.clockSkew());
            verifier = v;
        }
        return v;
    }

    /** The verified caller as JAX-RS sees it: its principal is the {@link Caller}. */
    record Verified(Caller caller) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.groups().contains(role);
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }

}
