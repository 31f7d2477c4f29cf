package io.thunderline.support.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FaultPolicyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final FaultPolicy.Settings SETTINGS = new FaultPolicy.Settings("Test service unavailable",
            TIMEOUT, 2, Duration.ofMillis(10), 4, 0.75, Duration.ofMillis(300));

    /** A downstream call that fails with {@code status} and counts how often it was made. */
    private static final class Downstream {
        final AtomicInteger calls = new AtomicInteger();

        Uni<String> answering(int status) {
            return Uni.createFrom().item(() -> blocking(status));
        }

        String blocking(int status) {
            calls.incrementAndGet();
            if (status != 200) {
                throw new WebApplicationException(status);
            }
            return "ok";
        }
    }

    /** A refusal a service names itself, as the trainer's "dataset missing" does. */
    static final class ThingMissing extends Refused {
        ThingMissing() {
            super(404, null, "no such thing", List.of());
        }
    }

    @Test
    void readsAreRetriedAndWritesAreNot() {
        // a window wider than this test's failures, so the breaker stays closed
        FaultPolicy policy = new FaultPolicy("reads-writes", new FaultPolicy.Settings(SETTINGS.unavailable(), TIMEOUT,
                2, Duration.ofMillis(10), 20, 0.75, Duration.ofMillis(300)));
        Downstream read = new Downstream();
        Throwable failed = catchThrowable(() -> policy.read(() -> read.answering(500)).await().atMost(TIMEOUT));
        assertThat(failed).isInstanceOf(ServiceUnavailable.class).hasMessage("Test service unavailable");
        assertThat(((ServiceUnavailable) failed).status()).isEqualTo(503);
        assertThat(((ServiceUnavailable) failed).reason()).isEqualTo("HTTP 500");
        assertThat(read.calls).hasValue(3);

        Downstream write = new Downstream();
        assertThat(catchThrowable(() -> policy.write(TIMEOUT, () -> write.answering(503)).await().atMost(TIMEOUT)))
                .isInstanceOf(ServiceUnavailable.class);
        assertThat(write.calls).hasValue(1);

        Downstream blockingRead = new Downstream();
        assertThat(catchThrowable(() -> policy.readBlocking(TIMEOUT, () -> blockingRead.blocking(502))))
                .isInstanceOf(ServiceUnavailable.class);
        assertThat(blockingRead.calls).hasValue(3);
        Downstream blockingWrite = new Downstream();
        assertThat(catchThrowable(() -> policy.writeBlocking(TIMEOUT, () -> blockingWrite.blocking(502))))
                .isInstanceOf(ServiceUnavailable.class);
        assertThat(blockingWrite.calls).hasValue(1);

        assertThat(policy.readBlocking(TIMEOUT, () -> new Downstream().blocking(200))).isEqualTo("ok");
        assertThat(policy.read(() -> new Downstream().answering(200)).await().atMost(TIMEOUT)).isEqualTo("ok");
    }

    @Test
    void aRefusalIsPassedOnOnceAndNeverCountedByTheBreaker() {
        FaultPolicy policy = new FaultPolicy("refusals", SETTINGS);
        Downstream refusing = new Downstream();
        for (int i = 0; i < 10; i++) {
            Refused refused = catchThrowableOfType(() -> policy.read(() -> refusing.answering(409)).await().atMost(TIMEOUT),
                    Refused.class);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(catchThrowable(() -> policy.readBlocking(TIMEOUT, () -> {
                refusing.calls.incrementAndGet();
                throw new ThingMissing();
            }))).isInstanceOf(ThingMissing.class);
        }
        assertThat(refusing.calls).hasValue(20);
        // twenty refusals later the breaker is still closed
        assertThat(policy.read(() -> new Downstream().answering(200)).await().atMost(TIMEOUT)).isEqualTo("ok");
    }

    @Test
    void theBreakerOpensAfterItsWindowFailsAndTriesAgainAfterItsDelay() throws InterruptedException {
        FaultPolicy policy = new FaultPolicy("breaker", SETTINGS);
        Downstream down = new Downstream();
        for (int i = 0; i < 4; i++) {
            assertThat(catchThrowable(() -> policy.writeBlocking(TIMEOUT, () -> down.blocking(500))))
                    .isInstanceOf(ServiceUnavailable.class);
        }
        assertThat(down.calls).hasValue(4);

        // open: neither kind of call reaches the service, and a read is not retried against an open breaker
        ServiceUnavailable open = catchThrowableOfType(() -> policy.read(() -> down.answering(200)).await().atMost(TIMEOUT),
                ServiceUnavailable.class);
        assertThat(open).hasCauseInstanceOf(CircuitBreakerOpenException.class);
        assertThat(open.reason()).isEqualTo("circuit breaker open after repeated failures");
        assertThat(catchThrowable(() -> policy.readBlocking(TIMEOUT, () -> down.blocking(200))))
                .isInstanceOf(ServiceUnavailable.class).hasCauseInstanceOf(CircuitBreakerOpenException.class);
        assertThat(down.calls).hasValue(4);

        Thread.sleep(SETTINGS.breakerDelay().toMillis() + 100);
        assertThat(policy.readBlocking(TIMEOUT, () -> down.blocking(200))).isEqualTo("ok");
        assertThat(down.calls).hasValue(5);
    }

    @Test
    void aCallWithoutAnAnswerInTimeIsUnavailable() {
        FaultPolicy policy = new FaultPolicy("timeouts", SETTINGS);
        Duration shortly = Duration.ofMillis(100);
        ServiceUnavailable silent = catchThrowableOfType(() -> policy.write(shortly, () -> Uni.createFrom().<String>nothing())
                .await().atMost(TIMEOUT), ServiceUnavailable.class);
        assertThat(silent.reason()).isEqualTo("no answer in time");

        long started = System.nanoTime();
        ServiceUnavailable slow = catchThrowableOfType(() -> policy.writeBlocking(shortly, () -> {
            Thread.sleep(5_000);
            return "late";
        }), ServiceUnavailable.class);
        assertThat(slow.reason()).isEqualTo("no answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aRefusalReadsTheBackendsProblemOrMessageOrError() {
        assertThat(Refused.of(400, "{\"detail\":\"empty\",\"field\":\"text\"}").field()).isEqualTo("text");
        assertThat(Refused.of(409, "{\"message\":\"job x is completed\"}").getMessage()).isEqualTo("job x is completed");
        assertThat(Refused.of(422, "{\"error\":\"does not train this\"}").getMessage()).isEqualTo("does not train this");
        assertThat(Refused.of(404, "").getMessage()).isEqualTo("not found");
    }
}
