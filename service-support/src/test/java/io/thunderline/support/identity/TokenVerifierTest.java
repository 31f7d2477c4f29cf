package io.thunderline.support.identity;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens minted by CallerTokens and checked by TokenVerifier: what passes, what is refused and why. */
class TokenVerifierTest {
    private static final KeyPair KEYS = pair();
    private static final Duration SKEW = Duration.ofSeconds(5);
    private final TokenVerifier dataset = new TokenVerifier(KEYS.getPublic(), "thunderline", "dataset-service", SKEW);

    @Test
    void aPersonForwardedByThePageIsAPersonNotAService() {
        Caller caller = dataset.verify(mint(Caller.user("alice", false), "dataset-service", "prompt-ui-service",
                Instant.now(), Duration.ofSeconds(90), KEYS));
        assertThat(caller.subject()).isEqualTo("alice");
        assertThat(caller.person()).isTrue();
        assertThat(caller.admin()).isFalse();
        assertThat(caller.service()).isNull();
        assertThat(caller.maySee("alice")).isTrue();
        assertThat(caller.maySee("bob")).isFalse();
        assertThat(caller.maySee(null)).isFalse();
    }

    @Test
    void anAdminSeesEverything() {
        Caller caller = dataset.verify(mint(Caller.user("root", true), "dataset-service", "prompt-ui-service",
                Instant.now(), Duration.ofSeconds(90), KEYS));
        assertThat(caller.admin()).isTrue();
        assertThat(caller.maySee("bob")).isTrue();
        assertThat(caller.maySee(null)).isTrue();
    }

    @Test
    void aServiceCallingForItselfIsThatServiceAndNoPerson() {
        Caller caller = dataset.verify(mint(Caller.service("trainer-service"), "dataset-service", "trainer-service",
                Instant.now(), Duration.ofSeconds(90), KEYS));
        assertThat(caller.isService("trainer-service")).isTrue();
        assertThat(caller.person()).isFalse();
        assertThat(caller.maySee("trainer-service")).isFalse();
    }

    @Test
    void aSubjectNamingAServiceIsNoServiceUnlessThatServiceIssuedIt() {
        // the page cannot make a person called "trainer-service" into the trainer
        Caller caller = dataset.verify(mint(new Caller("trainer-service", java.util.Set.of("service"), null),
                "dataset-service", "prompt-ui-service", Instant.now(), Duration.ofSeconds(90), KEYS));
        assertThat(caller.isService("trainer-service")).isFalse();
    }

    @Test
    void anotherServicesAudienceIsRefused() {
        String forTrainer = mint(Caller.user("alice", false), "trainer-service", "prompt-ui-service", Instant.now(),
                Duration.ofSeconds(90), KEYS);
        assertThatThrownBy(() -> dataset.verify(forTrainer)).isInstanceOf(CallerRefused.class)
                .satisfies(e -> assertThat(((CallerRefused) e).status()).isEqualTo(401))
                .satisfies(e -> assertThat(((CallerRefused) e).field()).isEqualTo("Authorization"));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String old = mint(Caller.user("alice", false), "dataset-service", "prompt-ui-service",
                Instant.now().minus(Duration.ofMinutes(5)), Duration.ofSeconds(90), KEYS);
        assertThatThrownBy(() -> dataset.verify(old)).isInstanceOf(CallerRefused.class);
    }

    @Test
    void aTokenOfAnotherKeyIsRefused() {
        String foreign = mint(Caller.user("root", true), "dataset-service", "prompt-ui-service", Instant.now(),
                Duration.ofSeconds(90), pair());
        assertThatThrownBy(() -> dataset.verify(foreign)).isInstanceOf(CallerRefused.class);
    }

    @Test
    void aChangedClaimBreaksTheSignature() {
        String token = mint(Caller.user("alice", false), "dataset-service", "prompt-ui-service", Instant.now(),
                Duration.ofSeconds(90), KEYS);
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"user\"", "\"admin\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
                + "." + parts[2];
        assertThatThrownBy(() -> dataset.verify(forged)).isInstanceOf(CallerRefused.class);
    }

    @Test
    void garbageIsRefusedNotAnError() {
        assertThatThrownBy(() -> dataset.verify("not-a-token")).isInstanceOf(CallerRefused.class);
        assertThatThrownBy(() -> dataset.verify("")).isInstanceOf(CallerRefused.class);
    }

    @Test
    void mintedTokensLiveNinetySecondsAndCarryEveryClaim() {
        Instant now = Instant.now();
        String token = mint(Caller.user("alice", false), "dataset-service", "prompt-ui-service", now,
                Duration.ofSeconds(90), KEYS);
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims).contains("\"aud\":\"dataset-service\"", "\"sub\":\"alice\"", "\"svc\":\"prompt-ui-service\"",
                "\"iss\":\"thunderline\"", "\"jti\":", "\"groups\":[\"user\"]",
                "\"exp\":" + now.plusSeconds(90).getEpochSecond());
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header).contains("\"alg\":\"RS256\"");
    }

    private static String mint(Caller caller, String audience, String service, Instant at, Duration lifetime,
                               KeyPair keys) {
        return CallerTokens.sign(caller, audience, service, "thunderline", at, lifetime, keys.getPrivate());
    }

    private static KeyPair pair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
