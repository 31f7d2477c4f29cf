package io.thunderline.infra;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Tokens for tests' calls to a backend, signed with the test run's key ({@link ServiceKeys#forTestRun()}): the value
 * of an Authorization header. Written with the JDK alone (RS256 over a JSON header and claims) so that test-infra
 * stays free of Quarkus; the services verify them with SmallRye JWT like the tokens they mint themselves.
 */
public final class TestTokens {
    /** Long enough for a slow test class; the services' own tokens live 90 s. */
    private static final Duration LIFETIME = Duration.ofHours(2);

    private TestTokens() {
    }

    /** A person in the group user, calling {@code audience} (e.g. "dataset-service"). */
    public static String user(String name, String audience) {
        return bearer(name, List.of("user"), null, audience, Instant.now(), LIFETIME, ServiceKeys.forTestRun().privateKey());
    }

    /** An admin (groups user and admin). */
    public static String admin(String audience) {
        return admin("admin", audience);
    }

    public static String admin(String name, String audience) {
        return bearer(name, List.of("user", "admin"), null, audience, Instant.now(), LIFETIME,
                ServiceKeys.forTestRun().privateKey());
    }

    /** A service calling for itself: sub and svc both name it. */
    public static String service(String service, String audience) {
        return bearer(service, List.of("service"), service, audience, Instant.now(), LIFETIME,
                ServiceKeys.forTestRun().privateKey());
    }

    /** A user token that expired ten minutes ago. */
    public static String expired(String name, String audience) {
        return bearer(name, List.of("user"), null, audience, Instant.now().minus(Duration.ofMinutes(20)),
                Duration.ofMinutes(10), ServiceKeys.forTestRun().privateKey());
    }

    /** An admin token signed by a key that is not the deployment's. */
    public static String foreignKey(String audience) {
        return bearer("admin", List.of("user", "admin"), null, audience, Instant.now(), LIFETIME,
                ServiceKeys.generate().getPrivate());
    }

    /** The agent key header's value for the test run. */
    public static String agentKey() {
        return ServiceKeys.forTestRun().agentKey();
    }

    public static String bearer(String subject, List<String> groups, String svc, String audience, Instant issuedAt,
                                Duration lifetime, PrivateKey key) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"thunderline\",\"sub\":" + quote(subject) + ",\"aud\":" + quote(audience)
                + ",\"groups\":[" + groups.stream().map(TestTokens::quote).collect(Collectors.joining(",")) + "]"
                + ",\"svc\":" + quote(svc == null ? "test-infra" : svc)
                + ",\"jti\":" + quote(UUID.randomUUID().toString())
                + ",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"exp\":" + issuedAt.plus(lifetime).getEpochSecond() + "}";
        String signed = base64(header.getBytes(StandardCharsets.UTF_8)) + "." + base64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return "Bearer " + signed + "." + base64(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
