package io.thunderline.support.client;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one fault-tolerance policy of one downstream service (SmallRye Fault Tolerance's programmatic {@link Guard}):
 * every call to the service shares one circuit breaker, so a service that stops answering is left alone for a while
 * whichever caller asked; idempotent reads are retried, calls that change something never (the service may have acted
 * before its answer was lost; whoever asked is the better judge of trying again); every call has a timeout.
 * <p>
 * A 4xx ({@link Refused}, or a service's own subclass of it) is the request being wrong, not the service: never
 * retried, never counted by the breaker, passed to the caller as it is. Anything else (no connection, a 5xx, a timeout,
 * the breaker open) becomes {@link ServiceUnavailable} with the service's "unavailable" message.
 * <p>
 * Calls come in two kinds with the same rules and the same breaker: a REST client's {@link Uni} ({@code read},
 * {@code write}), or a blocking call on a worker thread ({@code readBlocking}, {@code writeBlocking}), which a timeout
 * interrupts.
 */
public final class FaultPolicy {
    /**
     * @param unavailable     what the caller is told when the service cannot answer
     * @param timeout         of an ordinary call; a call that moves a file or stores data names its own
     * @param readRetries     further attempts of a read that failed (writes get none)
     * @param retryDelay      between two attempts
     * @param breakerVolume   calls the breaker looks at (its rolling window)
     * @param breakerRatio    share of failures in that window that opens it
     * @param breakerDelay    how long it stays open before a trial call
     */
    public record Settings(String unavailable, Duration timeout, int readRetries, Duration retryDelay, int breakerVolume,
                           double breakerRatio, Duration breakerDelay) {

        /** The same settings with another breaker delay (a test profile's shorter one). */
        public Settings withBreakerDelay(Duration delay) {
            return new Settings(unavailable, timeout, readRetries, retryDelay, breakerVolume, breakerRatio, delay);
        }
    }

    private final String service;
    private final Settings settings;
    private final Guard breaker;
    private final Guard retries;
    /** The timeouts of blocking calls, one guard per duration (a Uni's timeout is its own {@code ifNoItem}). */
    private final Map<Duration, Guard> deadlines = new ConcurrentHashMap<>();

    public FaultPolicy(String service, Settings settings) {
        this.service = service;
        this.settings = settings;
        this.breaker = Guard.create().withDescription(service + " calls")
                .withCircuitBreaker().requestVolumeThreshold(settings.breakerVolume()).failureRatio(settings.breakerRatio())
                .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS).skipOn(Refused.class).done()
                .build();
        // outside the breaker, as @Retry is outside @CircuitBreaker: an open breaker ends the attempts at once
        this.retries = Guard.create().withDescription(service + " reads")
                .withRetry().maxRetries(settings.readRetries()).delay(settings.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .abortOn(List.of(Refused.class, CircuitBreakerOpenException.class, InterruptedException.class)).done()
                .build();
    }

    public Settings settings() {
        return settings;
    }

    /** An idempotent read within the ordinary timeout. */
    public <T> Uni<T> read(Supplier<Uni<T>> call) {
        return read(settings.timeout(), call);
    }

    /** An idempotent read that may take {@code timeout} (a file, a large answer). */
    public <T> Uni<T> read(Duration timeout, Supplier<Uni<T>> call) {
        return unavailableUnlessRefused(Uni.createFrom().deferred(() -> retries.get(() -> once(timeout, call), uniType())));
    }

    /** A call that changes something, or costs too much to repeat: one attempt. */
    public <T> Uni<T> write(Duration timeout, Supplier<Uni<T>> call) {
        return unavailableUnlessRefused(once(timeout, call));
    }

    /** {@link #read(Duration, Supplier)} of a blocking call: on a worker thread, never an event loop. */
    public <T> T readBlocking(Duration timeout, Callable<T> call) {
        return unavailableUnlessRefused(() -> retries.call(() -> onceBlocking(timeout, call), Object.class));
    }

    /** {@link #write(Duration, Supplier)} of a blocking call: on a worker thread, never an event loop. */
    public <T> T writeBlocking(Duration timeout, Callable<T> call) {
        return unavailableUnlessRefused(() -> onceBlocking(timeout, call));
    }

    private <T> Uni<T> once(Duration timeout, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> breaker.get(() -> Refused.mapRefusals(call.get())
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout)), uniType()));
    }

    private Object onceBlocking(Duration timeout, Callable<?> call) throws Exception {
        Guard deadline = deadlines.computeIfAbsent(timeout, t -> Guard.create().withDescription(service + " within " + t)
                .withTimeout().duration(t.toMillis(), ChronoUnit.MILLIS).done().build());
        return breaker.call(() -> deadline.call(() -> {
            try {
                return call.call();
            } catch (WebApplicationException e) {
                throw Refused.fromClient(e);
            }
        }, Object.class), Object.class);
    }

    private <T> Uni<T> unavailableUnlessRefused(Uni<T> guarded) {
        return guarded.onFailure(e -> !(e instanceof Refused))
                .transform(e -> new ServiceUnavailable(settings.unavailable(), e));
    }

    @SuppressWarnings("unchecked")
    private <T> T unavailableUnlessRefused(Callable<Object> guarded) {
        try {
            return (T) guarded.call();
        } catch (Refused e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ServiceUnavailable(settings.unavailable(), e);
        }
    }

    private static <T> TypeLiteral<Uni<T>> uniType() {
        return new TypeLiteral<>() {
        };
    }
}
