package io.thunderline.ui.service;

import io.thunderline.contracts.DriftReport;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.ui.client.HealthReport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The troubleshooting states of the guide, decided from what was observed (never assumed): "UPM disabled",
 * "MLflow unavailable", "Cerebros unavailable", "No trainer running" (and "Trainer unavailable"), and the shared parts
 * named when they are what is down: "Kafka unavailable" and "Database unavailable" (from the backends' readiness
 * checks and the page's own queries), so an outage of the broker is not reported as one of a service.
 */
public final class StatusRules {
    private StatusRules() {
    }

    /** What the last checks saw. A null Boolean means "not checked yet". */
    public record Observations(Optional<UpmStatus> upm, Instant upmSeenAt, Boolean upmReachable, List<DriftReport> drift,
                               Boolean trainerReachable, Optional<HealthReport.Check> cerebros,
                               Boolean trackingReachable, Optional<HealthReport.Check> mlflow,
                               Boolean workersReachable, Instant newestHeartbeat, long queuedTooLong, Instant now,
                               List<HealthReport.Check> infrastructure, Boolean pageDatabase) {
        /** {@code infrastructure}: the backends' "kafka" and database checks; {@code pageDatabase}: the page's own queries answer. */
        public Observations {
            infrastructure = infrastructure == null ? List.of() : List.copyOf(infrastructure);
        }

        public Observations(Optional<UpmStatus> upm, Instant upmSeenAt, Boolean upmReachable, List<DriftReport> drift,
                            Boolean trainerReachable, Optional<HealthReport.Check> cerebros, Boolean trackingReachable,
                            Optional<HealthReport.Check> mlflow, Boolean workersReachable, Instant newestHeartbeat,
                            long queuedTooLong, Instant now) {
            this(upm, upmSeenAt, upmReachable, drift, trainerReachable, cerebros, trackingReachable, mlflow, workersReachable,
                    newestHeartbeat, queuedTooLong, now, List.of(), null);
        }
    }

    /** The readiness check names of the shared parts: service-support's Kafka check and Quarkus' PostgreSQL one. */
    public static final String KAFKA_CHECK = "kafka";
    public static final String DATABASE_CHECK = "Reactive PostgreSQL connections health check";

    public record Limits(Duration upmSilence, Duration heartbeatWithin, Duration queuedTooLong) {
    }

    /** The UPM panel: the counts, and (from an upm-service with agent heartbeats) offline agents, families and agents. */
    public record Upm(boolean disabled, String reason, Integer activeTrainers, Integer snapshots24h, Double driftP95,
                      Integer agentsSynced, Integer agentsTotal, Instant at, Integer agentsOffline,
                      Integer offlineAfterSeconds, List<io.thunderline.contracts.UpmStatus.Family> families,
                      List<io.thunderline.contracts.UpmStatus.Agent> agents) {
    }

    public record Problem(String code, String title, String detail) {
    }

    public record Snapshot(Upm upm, List<DriftReport> drift, List<Problem> problems) {
    }

    public static Snapshot decide(Observations o, Limits limits) {
        return new Snapshot(upm(o, limits), o.drift(), problems(o, limits));
    }

    static Upm upm(Observations o, Limits limits) {
        String reason = null;
        if (Boolean.FALSE.equals(o.upmReachable())) {
            reason = "upm-service cannot be reached";
        } else if (o.upm().isEmpty() || o.upmSeenAt() == null) {
            reason = "no UPM status received yet";
        } else if (Duration.between(o.upmSeenAt(), o.now()).compareTo(limits.upmSilence()) > 0) {
            reason = "no UPM status for more than " + limits.upmSilence().toSeconds() + " s";
        } else if (!o.upm().get().enabled()) {
            reason = "UPM is switched off in upm-service";
        }
        String why = reason;
        return o.upm().map(s -> new Upm(why != null, why, s.activeTrainers(), s.snapshots24h(), s.driftP95(),
                        s.agentsSynced(), s.agentsTotal(), s.at(), s.agentsOffline(), s.offlineAfterSeconds(),
                        s.families(), s.agents()))
                .orElse(new Upm(true, why, null, null, null, null, null, null, null, null, null, null));
    }

    static List<Problem> problems(Observations o, Limits limits) {
        List<Problem> out = new ArrayList<>();
        o.infrastructure().stream().filter(c -> KAFKA_CHECK.equals(c.name()) && !c.up()).findFirst().ifPresent(c ->
                out.add(new Problem("kafka-unavailable", "Kafka unavailable", detail(c,
                        "the services cannot reach the Kafka broker: new jobs wait in the outbox and are sent when it is back"))));
        Optional<HealthReport.Check> database = o.infrastructure().stream()
                .filter(c -> DATABASE_CHECK.equals(c.name()) && !c.up()).findFirst();
        if (database.isPresent() || Boolean.FALSE.equals(o.pageDatabase())) {
            out.add(new Problem("database-unavailable", "Database unavailable", database.map(c -> detail(c,
                    "a service cannot reach PostgreSQL")).orElse("the page cannot reach PostgreSQL: lists and history "
                    + "may be out of date; nothing is lost, updates are stored when it is back")));
        }
        if (Boolean.FALSE.equals(o.trackingReachable())) {
            out.add(new Problem("tracking-unavailable", "Tracking unavailable",
                    "tracking-service cannot be reached: MLflow links and comparisons may be missing"));
        } else if (o.mlflow().isPresent() && !o.mlflow().get().up()) {
            out.add(new Problem("mlflow-unavailable", "MLflow unavailable", detail(o.mlflow().get(),
                    "tracking-service cannot reach MLflow; runs are buffered and sent when it is back")));
        }
        if (Boolean.TRUE.equals(o.trainerReachable()) && o.cerebros().isPresent() && !o.cerebros().get().up()) {
            out.add(new Problem("cerebros-unavailable", "Cerebros unavailable", detail(o.cerebros().get(),
                    "the remote Cerebros service cannot be reached; jobs are retried")));
        }
        boolean heartbeat = Boolean.TRUE.equals(o.workersReachable()) && o.newestHeartbeat() != null
                && Duration.between(o.newestHeartbeat(), o.now()).compareTo(limits.heartbeatWithin()) <= 0;
        if (o.queuedTooLong() > 0 && !heartbeat) {
            out.add(new Problem("no-trainer", "No trainer running", o.queuedTooLong() + " job(s) queued for more than "
                    + limits.queuedTooLong().toSeconds() + " s and no trainer heartbeat in the last "
                    + limits.heartbeatWithin().toSeconds() + " s"
                    + (Boolean.FALSE.equals(o.trainerReachable()) ? " (trainer-service cannot be reached)" : "")));
        } else if (Boolean.FALSE.equals(o.trainerReachable())) {
            out.add(new Problem("trainer-unavailable", "Trainer unavailable", "trainer-service cannot be reached"));
        }
        return out;
    }

    private static String detail(HealthReport.Check check, String fallback) {
        return check.detail() == null || check.detail().isBlank() ? fallback : check.detail();
    }
}
