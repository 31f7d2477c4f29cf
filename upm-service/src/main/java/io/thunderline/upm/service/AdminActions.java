package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.domain.DriftRow;
import io.thunderline.upm.domain.SnapshotRow;
import io.thunderline.upm.repository.DriftRepository;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.repository.WindowRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

import static io.thunderline.upm.service.TrainerWorker.await;

/**
 * Admin actions on snapshots, run on the family's trainer thread:
 * <ul>
 *   <li>activate: serve a newer snapshot (a quarantined one only with {@code force}, the admin override);</li>
 *   <li>rollback: serve an earlier snapshot again. Every live snapshot after it is marked rolled_back, the trainer
 *       continues from the target (windows of rolled-back snapshots stay stored but out of the model; windows applied
 *       since the last snapshot are applied again on top of the target), and the adapter takes agents back.</li>
 *   <li>canary: serve a newer snapshot to named agents only (mode canary); activating it promotes it to everyone,
 *       calling it off sends its agents back to the active version. Any activation ends a canary.</li>
 * </ul>
 */
@ApplicationScoped
public class AdminActions {
    private static final Logger LOG = Logger.getLogger(AdminActions.class);

    private final TrainerWorkers workers;
    private final FamilyLoader loader;
    private final SnapshotRepository snapshots;
    private final DriftRepository drift;
    private final WindowRepository windows;
    private final FamilyRepository families;
    private final AdapterSync adapters;
    private final SnapshotEvents events;
    private final StatusPublisher status;

    public AdminActions(TrainerWorkers workers, FamilyLoader loader, SnapshotRepository snapshots, DriftRepository drift,
                        WindowRepository windows, FamilyRepository families, AdapterSync adapters, SnapshotEvents events,
                        StatusPublisher status) {
        this.workers = workers;
        this.loader = loader;
        this.snapshots = snapshots;
        this.drift = drift;
        this.windows = windows;
        this.families = families;
        this.adapters = adapters;
        this.events = events;
        this.status = status;
    }

    public Uni<SnapshotRow> activate(ModelType family, long version, boolean force) {
        return onTrainer(family, (worker, s) -> {
            SnapshotRow target = find(family, version);
            if (target.active()) {
                return target;
            }
            switch (target.status()) {
                case ARCHIVED -> throw UpmException.conflict(target.snapshotId() + " is archived: its weights were dropped");
                case ROLLED_BACK -> throw UpmException.conflict(target.snapshotId()
                        + " was rolled back and cannot be served again; activate a newer snapshot or roll back to an older one");
                default -> {
                }
            }
            if (s.active() != null && version < s.active().version()) {
                throw UpmException.conflict("v" + version + " is older than the active v" + s.active().version()
                        + "; use POST /upm/snapshots/" + family.wireName() + "/" + version + "/rollback");
            }
            if (target.status() == SnapshotStatus.QUARANTINED && !force) {
                String why = latestDrift(family, version);
                throw UpmException.conflict(target.snapshotId() + " is quarantined" + why
                        + "; add ?force=true to activate it anyway (admin override)");
            }
            ActiveModel next = loader.served(target);
            String reason = target.status() == SnapshotStatus.QUARANTINED ? "admin override of quarantine" : "admin activation";
            adapters.activate(s, next, reason, tx -> Uni.createFrom().voidItem());
            worker.activated(next);
            LOG.infof("%s: %s by admin (%s)", family.wireName(), target.snapshotId(), reason);
            status.changed();
            return find(family, version);
        });
    }

    public Uni<SnapshotRow> rollback(ModelType family, long version) {
        return onTrainer(family, (worker, s) -> {
            SnapshotRow target = find(family, version);
            if (s.active() == null) {
                throw UpmException.conflict("no " + family.wireName() + " snapshot is active yet; activate one instead");
            }
            if (version == s.active().version()) {
                throw UpmException.conflict(target.snapshotId() + " is already the active snapshot");
            }
            if (version > s.active().version()) {
                throw UpmException.conflict("rollback goes back to an earlier snapshot than the active v" + s.active().version()
                        + "; use POST /upm/snapshots/" + family.wireName() + "/" + version + "/activate");
            }
            if (!target.weightsKept() || target.status() == SnapshotStatus.ARCHIVED) {
                throw UpmException.conflict(target.snapshotId() + " is archived: its weights were dropped, so it cannot be served");
            }
            if (target.status() == SnapshotStatus.ROLLED_BACK || target.status() == SnapshotStatus.QUARANTINED) {
                throw UpmException.conflict(target.snapshotId() + " is " + target.status().wireName()
                        + "; roll back to a snapshot that was activated");
            }
            OnlineSoftmax restored = loader.model(family, version);
            long from = s.active().version();
            ActiveModel next = ActiveModel.of(family, version, restored, target.labels(), target.checksum());
            adapters.activate(s, next, "rollback from v" + from, tx ->
                    snapshots.rollBackAfter(tx, family, version)
                            .flatMap(rolled -> events.each(tx, rolled, SnapshotMode.SHADOW))
                            .flatMap(v -> windows.unapplyUnsnapshotted(tx, family))
                            .flatMap(v -> families.setHead(tx, family, version)));
            worker.rolledBack(next, restored);
            LOG.infof("%s: rolled back from v%d to v%d", family.wireName(), from, version);
            status.changed();
            return find(family, version);
        });
    }

    /** Runs an admin action on the family's trainer thread (which owns its state), once the family has snapshots. */
    private <T> Uni<T> onTrainer(ModelType family, java.util.function.BiFunction<TrainerWorker, FamilyState, T> action) {
        TrainerWorker worker = workers.worker(family);
        return Uni.createFrom().completionStage(worker.submit(loaded -> action.apply(worker,
                loaded.orElseThrow(() -> UpmException.notFound("no " + family.wireName() + " snapshots yet")))));
    }

    /** Most agents a canary may name: it is a subset to try a model on, not a second fleet. */
    static final int MAX_CANARY_AGENTS = 1000;

    public Uni<SnapshotRow> canary(ModelType family, long version, List<String> agents, boolean force) {
        List<String> named = canaryAgents(agents);
        return onTrainer(family, (worker, s) -> {
            SnapshotRow target = find(family, version);
            if (s.active() == null) {
                throw UpmException.conflict("no " + family.wireName() + " snapshot is active yet: a canary is tried against"
                        + " the active one; activate " + target.snapshotId() + " instead");
            }
            if (version <= s.active().version()) {
                throw UpmException.conflict("a canary serves a snapshot newer than the active v" + s.active().version()
                        + "; to go back to v" + version + " use POST /upm/snapshots/" + family.wireName() + "/" + version
                        + "/rollback");
            }
            if (!target.weightsKept() || target.status() == SnapshotStatus.ARCHIVED
                    || target.status() == SnapshotStatus.ROLLED_BACK) {
                throw UpmException.conflict(target.snapshotId() + " is " + target.status().wireName()
                        + " and cannot be served");
            }
            if (target.status() == SnapshotStatus.QUARANTINED && !force) {
                throw UpmException.conflict(target.snapshotId() + " is quarantined" + latestDrift(family, version)
                        + "; add ?force=true to serve it to the canary agents anyway (admin override)");
            }
            ActiveModel model = loader.served(target);
            adapters.startCanary(s, model, named);
            worker.canaryStarted(model, named);
            status.changed();
            return find(family, version);
        });
    }

    public Uni<SnapshotRow> abortCanary(ModelType family, long version) {
        return onTrainer(family, (worker, s) -> {
            if (s.canary() == null || s.canary().version() != version) {
                throw UpmException.conflict(family.wireName() + " v" + version + " is not being served as a canary"
                        + (s.canary() == null ? " (there is no canary)" : " (the canary is v" + s.canary().version() + ")"));
            }
            adapters.abortCanary(s);
            worker.canaryEnded();
            status.changed();
            return find(family, version);
        });
    }

    /**
     * A share of a family's live agents for a canary: round(share × n) of them, at least one, those whose hash of
     * family, version and agent id is lowest: spread over the fleet, the same pick when asked again.
     */
    public static List<String> shareOfAgents(List<String> live, ModelType family, long version, double share) {
        if (!(share > 0 && share < 1)) {
            throw UpmException.badRequest("share", "share is " + share + "; a canary's share of agents is above 0 and "
                    + "below 1 (to serve every agent, activate the snapshot)");
        }
        List<String> distinct = live.stream().distinct().toList();
        if (distinct.isEmpty()) {
            throw UpmException.conflict("no live " + family.wireName() + " agents to serve a canary to");
        }
        int k = Math.max(1, (int) Math.round(share * distinct.size()));
        return distinct.stream().sorted(java.util.Comparator.comparing((String a) -> rank(family, version, a))
                .thenComparing(a -> a)).limit(k).toList();
    }

    /** The agent's place in [0, 2^64) for this family and version: SHA-256, first 8 bytes, unsigned. */
    private static String rank(ModelType family, long version, String agent) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((family.wireName() + "/" + version + "/" + agent).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The agents a canary names: at least one, each a non-blank id, duplicates dropped. */
    static List<String> canaryAgents(List<String> agents) {
        List<String> named = agents == null ? List.of() : agents.stream().filter(java.util.Objects::nonNull)
                .flatMap(a -> java.util.Arrays.stream(a.split(","))).map(String::trim).filter(a -> !a.isEmpty())
                .distinct().toList();
        if (named.isEmpty()) {
            throw UpmException.badRequest("agents", "name the agents to serve the canary to, e.g. ?agents=agent-1,agent-2");
        }
        if (named.size() > MAX_CANARY_AGENTS) {
            throw UpmException.badRequest("agents", named.size() + " agents named; a canary may name at most "
                    + MAX_CANARY_AGENTS);
        }
        named.stream().filter(a -> a.length() > 200).findFirst().ifPresent(a -> {
            throw UpmException.badRequest("agents", "agent id '" + a.substring(0, 40) + "…' is longer than 200 characters");
        });
        return named;
    }

    private SnapshotRow find(ModelType family, long version) {
        return await(snapshots.find(family, version)).orElseThrow(() ->
                UpmException.notFound("no snapshot " + family.wireName() + " v" + version));
    }

    private String latestDrift(ModelType family, long version) {
        List<DriftRow> reports = await(drift.list(family, version, 1));
        if (reports.isEmpty() || reports.get(0).verdict() != DriftVerdict.QUARANTINED) {
            return "";
        }
        DriftRow r = reports.get(0);
        return String.format(" (drift p95 %.3f over threshold %.2f, PSI %.3f on %d samples)", r.p95(), r.threshold(),
                r.psi(), r.samples());
    }
}
