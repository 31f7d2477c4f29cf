package io.thunderline.support.identity;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Set;

/**
 * Checks a bearer token for one service: RS256 signature by the deployment's key, issuer, audience = this service,
 * not expired, and the claims every Thunderline token has (sub, groups, jti). SmallRye JWT's parser does the checking;
 * this class only says what to expect and turns the token into a {@link Caller}.
 */
public final class TokenVerifier {
    private final DefaultJWTParser parser;

    public TokenVerifier(PublicKey key, String issuer, String audience, Duration clockSkew) {
        JWTAuthContextInfo expected = new JWTAuthContextInfo(key, issuer);
        // RS256 is the parser's default and only algorithm here: a token signed otherwise (none, HS256) is refused
        expected.setExpectedAudience(Set.of(audience));
        expected.setExpGracePeriodSecs((int) clockSkew.toSeconds());
        expected.setRequiredClaims(Set.of("sub", "groups", "jti", "exp"));
        this.parser = new DefaultJWTParser(expected);
    }

    /** The caller the token names; {@link CallerRefused} (401) when it does not verify. */
    public Caller verify(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            // the parser's reason (expired, audience, signature) stays in the message: it is what the caller must fix
            throw new CallerRefused("the bearer token was refused (" + reason(e)
                    + "); send a fresh token signed for this service");
        }
        Object svc = jwt.getClaim(CallerTokens.SVC);
        String service = svc == null ? null : svc.toString().replace("\"", "");
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new CallerRefused("the bearer token names no subject (sub)");
        }
        // a token names a service caller only when its subject is the issuing service itself
        return new Caller(subject, jwt.getGroups(), service != null && service.equals(subject) ? service : null);
    }

    private static String reason(ParseException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
