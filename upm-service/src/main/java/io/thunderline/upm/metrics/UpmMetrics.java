package io.thunderline.upm.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.support.PolledGauges;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.repository.StatusRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.HashSet;
import java.util.Set;

/**
 * upm-service's meters at /q/metrics, refreshed every {@code thunderline.metrics.refresh-interval} from the agents
 * and snapshots tables (aggregate pods with max). Per family: the live agents (heard within
 * {@code thunderline.upm.agents.ttl}) that follow it, those not holding its active snapshot version, and the adapter
 * sync lag: how long the active version has been active while some live agent still lacks it (0 when every agent
 * has it). Overall: agents synced on every family they follow and agents in total, the numbers of the UPM panel.
 */
@Startup
@ApplicationScoped
public class UpmMetrics {
    static final String SYNC_LAG = "thunderline.upm.adapter.sync.lag";
    static final String FAMILY_AGENTS = "thunderline.upm.family.agents";
    static final String UNSYNCED = "thunderline.upm.family.agents.unsynced";
    static final String ACTIVE_VERSION = "thunderline.upm.active.version";
    static final String SYNCED = "thunderline.upm.agents.synced";
    static final String TOTAL = "thunderline.upm.agents.total";

    private final StatusRepository status;
    private final UpmConfig config;
    private final PolledGauges gauges;

    public UpmMetrics(MeterRegistry registry, StatusRepository status, UpmConfig config) {
        this.status = status;
        this.config = config;
        this.gauges = new PolledGauges(registry);
        for (ModelType family : ModelType.values()) {
            String f = family.wireName();
            gauges.register(SYNC_LAG, "time the active adapter version has been waiting for some live agent "
                    + "(0 when all hold it)", "seconds", "family", f);
            gauges.register(FAMILY_AGENTS, "live agents following the family", null, "family", f);
            gauges.register(UNSYNCED, "live agents of the family not holding its active version", null, "family", f);
            gauges.register(ACTIVE_VERSION, "the family's active snapshot version (0: none yet)", null, "family", f);
        }
        gauges.register(SYNCED, "live agents holding the active version of every family they follow", null);
        gauges.register(TOTAL, "live agents", null);
    }

    /** The pool closes on shutdown: no refresh (and no warning) from then on. */
    void stop(@Observes ShutdownEvent event) {
        gauges.stop();
    }

    @Scheduled(every = "${thunderline.metrics.refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        Uni<Void> families = status.familySync(config.agents().ttl())
                .invoke(rows -> {
                    Set<String> seen = new HashSet<>();
                    for (StatusRepository.FamilySync r : rows) {
                        String f = r.family();
                        seen.add(f);
                        gauges.set(FAMILY_AGENTS, r.agents(), "family", f);
                        gauges.set(UNSYNCED, r.unsynced(), "family", f);
                        gauges.set(ACTIVE_VERSION, r.activeVersion() == null ? 0 : r.activeVersion(), "family", f);
                        // nothing to sync to before a first active snapshot
                        gauges.set(SYNC_LAG, r.activeVersion() != null && r.unsynced() > 0 ? r.activeAgeSeconds() : 0,
                                "family", f);
                    }
                    for (ModelType family : ModelType.values()) {
                        String f = family.wireName();
                        if (!seen.contains(f)) {
                            gauges.set(FAMILY_AGENTS, 0, "family", f);
                            gauges.set(UNSYNCED, 0, "family", f);
                            gauges.set(ACTIVE_VERSION, 0, "family", f);
                            gauges.set(SYNC_LAG, 0, "family", f);
                        }
                    }
                })
                .replaceWithVoid();
        // the same computation as the UPM panel's (upm.status)
        Uni<Void> agents = status.counts(io.thunderline.upm.service.StatusPublisher.limits(config))
                .invoke(c -> {
                    gauges.set(SYNCED, c.agentsSynced());
                    gauges.set(TOTAL, c.agentsTotal());
                })
                .replaceWithVoid();
        return gauges.refresh("the UPM sync gauges", () -> families.flatMap(v -> agents));
    }
}
