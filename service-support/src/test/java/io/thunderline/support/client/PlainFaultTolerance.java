package io.thunderline.support.client;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.FaultTolerance;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.Spi;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.faulttolerance.apiimpl.BasicCircuitBreakerMaintenanceImpl;
import io.smallrye.faulttolerance.apiimpl.BuilderEagerDependencies;
import io.smallrye.faulttolerance.apiimpl.BuilderLazyDependencies;
import io.smallrye.faulttolerance.apiimpl.FaultToleranceImpl;
import io.smallrye.faulttolerance.apiimpl.GuardImpl;
import io.smallrye.faulttolerance.apiimpl.TypedGuardImpl;
import io.smallrye.faulttolerance.core.event.loop.EventLoop;
import io.smallrye.faulttolerance.core.metrics.MeteredOperation;
import io.smallrye.faulttolerance.core.metrics.MetricsProvider;
import io.smallrye.faulttolerance.core.metrics.MetricsRecorder;
import io.smallrye.faulttolerance.core.timer.ThreadTimer;
import io.smallrye.faulttolerance.core.timer.Timer;

import java.lang.reflect.Type;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SmallRye Fault Tolerance's programmatic API without a CDI container, for plain unit tests: the same builders the
 * Quarkus extension uses (its CDI implementation steps aside when there is no container), with a thread timer and no
 * metrics. The library's own standalone module does the same; it is not among this build's dependencies.
 */
public final class PlainFaultTolerance implements Spi, BuilderEagerDependencies, BuilderLazyDependencies {
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-tolerance-test");
        t.setDaemon(true);
        return t;
    });
    private static final Timer TIMER = new ThreadTimer(EXECUTOR);
    private static final BasicCircuitBreakerMaintenanceImpl BREAKERS = new BasicCircuitBreakerMaintenanceImpl();
    private final Supplier<BuilderLazyDependencies> lazy = () -> this;

    @Override
    public boolean applies() {
        return true;
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public Guard.Builder newGuardBuilder() {
        return new GuardImpl.BuilderImpl(this, lazy);
    }

    @Override
    public <T> TypedGuard.Builder<T> newTypedGuardBuilder(Type type) {
        return new TypedGuardImpl.BuilderImpl<>(this, lazy, type);
    }

    @Override
    public <T, R> FaultTolerance.Builder<T, R> newBuilder(Function<FaultTolerance<T>, R> finisher) {
        return new FaultToleranceImpl.BuilderImpl<>(this, lazy, null, finisher);
    }

    @Override
    public <T, R> FaultTolerance.Builder<T, R> newAsyncBuilder(Class<?> asyncType, Function<FaultTolerance<T>, R> finisher) {
        return new FaultToleranceImpl.BuilderImpl<>(this, lazy, asyncType, finisher);
    }

    @Override
    public CircuitBreakerMaintenance circuitBreakerMaintenance() {
        return BREAKERS;
    }

    @Override
    public BasicCircuitBreakerMaintenanceImpl cbMaintenance() {
        return BREAKERS;
    }

    @Override
    public boolean ftEnabled() {
        return true;
    }

    @Override
    public ExecutorService asyncExecutor() {
        return EXECUTOR;
    }

    @Override
    public EventLoop eventLoop() {
        return () -> null;
    }

    @Override
    public Timer timer() {
        return TIMER;
    }

    @Override
    public MetricsProvider metricsProvider() {
        return new MetricsProvider() {
            @Override
            public boolean isEnabled() {
                return false;
            }

            @Override
            public MetricsRecorder create(MeteredOperation operation) {
                return MetricsRecorder.NOOP;
            }
        };
    }
}
