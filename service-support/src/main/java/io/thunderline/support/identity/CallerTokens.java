package io.thunderline.support.identity;

import io.smallrye.jwt.build.Jwt;
import io.thunderline.support.ServiceIdentity;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Mints the tokens this service sends: for a person it acts for (the page), or for itself (trainer fetching a
 * dataset). RS256, {@code aud} the called service, {@code svc} this service, short-lived, a fresh {@code jti} each.
 */
@ApplicationScoped
@Unremovable // REST client filters look it up (they are not beans): nothing injects it in the page or the trainer
public class CallerTokens {
    /** The claim naming the service that minted the token. */
    public static final String SVC = "svc";

    private final IdentityConfig config;
    private final String self;
    private volatile PrivateKey key;

    public CallerTokens(IdentityConfig config, ServiceIdentity service) {
        this.config = config;
        this.self = service.name();
    }

    /** {@code Bearer …} for a call made on behalf of {@code caller} to {@code audience}. */
    public String bearerFor(Caller caller, String audience) {
        return "Bearer " + mint(caller, audience, Instant.now(), config.tokenLifetime());
    }

    /** {@code Bearer …} for a call this service makes for itself. */
    public String bearerAsService(String audience) {
        return bearerFor(Caller.service(self), audience);
    }

    String mint(Caller caller, String audience, Instant now, Duration lifetime) {
        return sign(caller, audience, self, config.issuer(), now, lifetime, signingKey());
    }

    /** Pure, for tests and the page: the claims of a Thunderline token signed with {@code key}. */
    public static String sign(Caller caller, String audience, String issuingService, String issuer, Instant now,
                              Duration lifetime, PrivateKey key) {
        return Jwt.claims()
                .issuer(issuer)
                .subject(caller.subject())
                .audience(audience)
                .groups(caller.groups())
                .claim(SVC, issuingService)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(lifetime).getEpochSecond())
                .sign(key); // an RSA key signs RS256, SmallRye JWT's default
    }

    private PrivateKey signingKey() {
        PrivateKey k = key;
        if (k == null) {
            String location = config.privateKeyLocation().orElseThrow(() -> new IllegalStateException(
                    "no signing key: set THUNDERLINE_JWT_PRIVATE_KEY (thunderline.identity.private-key-location) to the "
                            + "deployment's PEM private key"));
            k = KeyFiles.privateKey(location);
            key = k;
        }
        return k;
    }
}
