package io.thunderline.ui.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginLimiterTest {
    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    static final String DEMO = LoginLimiter.key("10.0.0.1", "demo");

    final LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(5), 1000);

    @Test
    void fiveFailuresRefuseTheSixthUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(DEMO, T0.plusSeconds(10L * i));
            assertThat(limiter.refusedFor(DEMO, T0.plusSeconds(10L * i + 1))).isEmpty();
        }
        limiter.recordFailure(DEMO, T0.plusSeconds(40));
        assertThat(limiter.refusedFor(DEMO, T0.plusSeconds(41))).contains(Duration.ofSeconds(259));
        assertThat(limiter.refusedFor(DEMO, T0.plusSeconds(299))).contains(Duration.ofSeconds(1));
        // the first failure leaves the window: four remain, the next attempt may go ahead
        assertThat(limiter.refusedFor(DEMO, T0.plusSeconds(300))).isEmpty();
    }

    @Test
    void otherUserNamesAndAddressesAreNotRefused() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(DEMO, T0);
        }
        assertThat(limiter.refusedFor(DEMO, T0)).isPresent();
        assertThat(limiter.refusedFor(LoginLimiter.key("10.0.0.1", "DEMO"), T0)).as("user names ignore case").isPresent();
        assertThat(limiter.refusedFor(LoginLimiter.key("10.0.0.1", "admin"), T0)).isEmpty();
        assertThat(limiter.refusedFor(LoginLimiter.key("10.0.0.2", "demo"), T0)).isEmpty();
    }

    @Test
    void failuresSpreadWiderThanTheWindowNeverRefuse() {
        for (int i = 0; i < 20; i++) {
            Instant at = T0.plus(Duration.ofSeconds(61L * i));
            assertThat(limiter.refusedFor(DEMO, at)).isEmpty();
            limiter.recordFailure(DEMO, at);
        }
    }

    @Test
    void expiredKeysAreForgottenAndTheNumberOfKeysIsBounded() {
        limiter.recordFailure(DEMO, T0);
        limiter.recordFailure(LoginLimiter.key("10.0.0.1", "admin"), T0.plusSeconds(200));
        limiter.forgetExpired(T0.plusSeconds(300));
        assertThat(limiter.tracked()).isEqualTo(1);

        LoginLimiter small = new LoginLimiter(5, Duration.ofMinutes(5), 3);
        for (int i = 0; i < 10; i++) {
            small.recordFailure(LoginLimiter.key("10.0.0.1", "user" + i), T0);
        }
        assertThat(small.tracked()).isEqualTo(3);
        assertThat(small.refusedFor(LoginLimiter.key("10.0.0.1", "user9"), T0)).isEmpty();
    }

    @Test
    void settingsMustMakeSense() {
        assertThatThrownBy(() -> new LoginLimiter(0, Duration.ofMinutes(5), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLimiter(5, Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
