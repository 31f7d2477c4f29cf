package io.thunderline.ui.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.DriftReport;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.ui.client.HealthReport;
import io.thunderline.ui.client.TrackingClient;
import io.thunderline.ui.client.TrainerApi;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.client.UpmClient;
import io.thunderline.ui.config.UiConfig;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.repository.UpmRepository;
import io.thunderline.ui.stream.FeedEvent;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of the services around the page, checked every few seconds and pushed to every open page when it
 * changes: the UPM panel (live from upm.status, upm-service's REST status when Kafka is quiet) and the
 * troubleshooting badges (from the other services' health checks, the trainer's worker heartbeats and the queue).
 */
@ApplicationScoped
public class SystemStatus {
    private static final Logger LOG = Logger.getLogger(SystemStatus.class);

    private final UpmClient upmClient;
    private final TrainerClient trainer;
    private final TrackingClient tracking;
    private final JobViewRepository jobs;
    private final UpmRepository upmStore;
    private final LiveFeed feed;
    private final StatusRules.Limits limits;

    private volatile UpmStatus upm;
    private volatile Instant upmSeenAt;
    private volatile Boolean upmReachable;
    private final Map<String, DriftReport> drift = new TreeMap<>();
    private volatile Boolean trainerReachable;
    private volatile Optional<HealthReport.Check> cerebros = Optional.empty();
    private volatile Boolean trackingReachable;
    private volatile Optional<HealthReport.Check> mlflow = Optional.empty();
    private volatile Boolean workersReachable;
    private volatile List<HealthReport.Check> trainerInfra = List.of();
    private volatile List<HealthReport.Check> trackingInfra = List.of();
    private volatile Boolean pageDatabase;
    private volatile Instant newestHeartbeat;
    private volatile long queuedTooLong;
    private volatile String published = "";
    private volatile String current;

    public SystemStatus(UpmClient upmClient, TrainerClient trainer, TrackingClient tracking, JobViewRepository jobs,
                        UpmRepository upmStore, LiveFeed feed, UiConfig config) {
        this.upmClient = upmClient;
        this.trainer = trainer;
        this.tracking = tracking;
        this.jobs = jobs;
        this.upmStore = upmStore;
        this.feed = feed;
        this.limits = new StatusRules.Limits(config.status().upmSilence(), config.status().heartbeatWithin(),
                config.status().queuedTooLong());
        this.current = EventCodec.toJson(snapshot());
    }

    void load(@Observes StartupEvent event) {
        upmStore.lastStatus().subscribe().with(s -> s.ifPresent(st -> remember(st, st.at())),
                e -> LOG.warnf("cannot read the last UPM status: %s", e.toString()));
        upmStore.lastDrift().subscribe().with(list -> list.forEach(this::rememberDrift),
                e -> LOG.warnf("cannot read the last drift reports: %s", e.toString()));
    }

    /** From upm.status. */
    public void upmStatus(UpmStatus status) {
        remember(status, Instant.now());
        upmReachable = true;
        publishIfChanged();
    }

    /** From upm.drift. */
    public void drift(DriftReport report) {
        rememberDrift(report);
        publishIfChanged();
    }

    /** The JSON every page gets when it connects (and as "system-status" events when it changes). */
    public String currentJson() {
        return current;
    }

    public StatusRules.Snapshot snapshot() {
        List<DriftReport> reports;
        synchronized (drift) {
            reports = new ArrayList<>(drift.values());
        }
        return StatusRules.decide(new StatusRules.Observations(Optional.ofNullable(upm), upmSeenAt, upmReachable, reports,
                trainerReachable, cerebros, trackingReachable, mlflow, workersReachable, newestHeartbeat, queuedTooLong,
                Instant.now(), infrastructure(), pageDatabase), limits);
    }

    @Scheduled(every = "${thunderline.ui.status.interval:5s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        Uni<Void> upmCheck = upmClient.status()
                .invoke(s -> {
                    remember(s, Instant.now());
                    upmReachable = true;
                })
                .onFailure().invoke(e -> upmReachable = false)
                .onFailure().recoverWithNull().replaceWithVoid();
        Uni<Void> trainerHealth = trainer.health()
                .invoke(h -> {
                    trainerReachable = true;
                    cerebros = h.check("cerebros");
                    trainerInfra = sharedParts(h, "trainer-service");
                })
                .onFailure().invoke(e -> {
                    trainerReachable = false;
                    cerebros = Optional.empty();
                    trainerInfra = List.of();
                })
                .onFailure().recoverWithNull().replaceWithVoid();
        Uni<Void> trackingHealth = tracking.health()
                .invoke(h -> {
                    trackingReachable = true;
                    mlflow = h.check("mlflow");
                    trackingInfra = sharedParts(h, "tracking-service");
                })
                .onFailure().invoke(e -> {
                    trackingReachable = false;
                    mlflow = Optional.empty();
                    trackingInfra = List.of();
                })
                .onFailure().recoverWithNull().replaceWithVoid();
        Uni<Void> workers = trainer.workers()
                .invoke(list -> {
                    workersReachable = true;
                    newestHeartbeat = newestHeartbeat(list);
                })
                .onFailure().invoke(e -> workersReachable = false)
                .onFailure().recoverWithNull().replaceWithVoid();
        Uni<Void> queue = jobs.queuedLongerThan(limits.queuedTooLong())
                .invoke(n -> {
                    queuedTooLong = n;
                    pageDatabase = true;
                })
                .onFailure().invoke(e -> {
                    pageDatabase = false;
                    LOG.warnf("cannot count queued jobs: %s", e.toString());
                })
                .onFailure().recoverWithNull().replaceWithVoid();
        return Uni.join().all(upmCheck, trainerHealth, trackingHealth, workers, queue).andCollectFailures()
                .invoke(this::publishIfChanged)
                .replaceWithVoid();
    }

    /** The Kafka and database checks of a backend's health answer, each saying which service saw it. */
    static List<HealthReport.Check> sharedParts(HealthReport health, String service) {
        List<HealthReport.Check> out = new ArrayList<>();
        for (String name : List.of(StatusRules.KAFKA_CHECK, StatusRules.DATABASE_CHECK)) {
            health.check(name).ifPresent(c -> out.add(new HealthReport.Check(c.name(), c.up(),
                    c.detail() == null ? null : c.detail() + " (seen by " + service + ")")));
        }
        return out;
    }

    private List<HealthReport.Check> infrastructure() {
        List<HealthReport.Check> all = new ArrayList<>(trainerInfra);
        all.addAll(trackingInfra);
        return all;
    }

    static Instant newestHeartbeat(List<TrainerApi.Worker> workers) {
        return workers == null ? null : workers.stream().map(TrainerApi.Worker::lastHeartbeat).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
    }

    private void remember(UpmStatus status, Instant seenAt) {
        synchronized (this) {
            if (upm == null || !status.at().isBefore(upm.at())) {
                upm = status;
            }
            if (upmSeenAt == null || seenAt.isAfter(upmSeenAt)) {
                upmSeenAt = seenAt;
            }
        }
    }

    private void rememberDrift(DriftReport report) {
        synchronized (drift) {
            DriftReport old = drift.get(report.family().wireName());
            if (old == null || !report.at().isBefore(old.at())) {
                drift.put(report.family().wireName(), report);
            }
        }
    }

    private synchronized void publishIfChanged() {
        String json = EventCodec.toJson(snapshot());
        current = json;
        if (!json.equals(published)) {
            published = json;
            feed.toEveryone(FeedEvent.SYSTEM_STATUS, json);
        }
    }
}
