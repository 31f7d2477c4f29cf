package io.thunderline.tracking.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.SnapshotEvent;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.tracking.config.TrackingConfig;
import io.thunderline.tracking.domain.MetricPoint;
import io.thunderline.tracking.domain.OpKind;
import io.thunderline.tracking.domain.RunState;
import io.thunderline.tracking.domain.SnapshotMapping;
import io.thunderline.tracking.domain.SnapshotMapping.StatusChange;
import io.thunderline.tracking.domain.SnapshotOp;
import io.thunderline.tracking.domain.SnapshotOp.VersionTags;
import io.thunderline.tracking.domain.SnapshotRow;
import io.thunderline.tracking.domain.UpmFamilyRow;
import io.thunderline.tracking.repository.PendingOpRepository;
import io.thunderline.tracking.repository.UpmRepository;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka side of the UPM mirror: records a snapshot status event in the consumer's transaction and queues the MLflow
 * operation that follows (the replayer sends it, in order per family). An event seen before — the same snapshot, status
 * and time, even under another message id — changes nothing, so each metric reaches MLflow once; an event older than
 * the snapshot's newest status only adds to its history.
 */
@ApplicationScoped
public class SnapshotRecorder {
    private static final Logger LOG = Logger.getLogger(SnapshotRecorder.class);

    private final UpmRepository upm;
    private final PendingOpRepository ops;
    private final boolean mirror;

    public SnapshotRecorder(UpmRepository upm, PendingOpRepository ops, TrackingConfig config) {
        this.upm = upm;
        this.ops = ops;
        this.mirror = config.mirrorUpmSnapshots();
    }

    public Uni<Void> onSnapshot(SqlClient tx, SnapshotEvent e) {
        String family = e.family().wireName();
        return upm.lockFamily(tx, family).flatMap(fam -> upm.recordEvent(tx, e).flatMap(fresh -> {
            if (!fresh) {
                LOG.debugf("%s %s at %s was recorded before; ignoring the duplicate", e.snapshotId(),
                        e.status().wireName(), e.at());
                return Uni.createFrom().voidItem();
            }
            return upm.findSnapshot(tx, family, e.version()).flatMap(before -> record(tx, e, fam, before.orElse(null)));
        }));
    }

    private Uni<Void> record(SqlClient tx, SnapshotEvent e, UpmFamilyRow fam, SnapshotRow before) {
        String family = e.family().wireName();
        boolean newest = before == null || !e.at().isBefore(before.statusAt());
        RunState previous = before == null ? null : before.decidedState();
        RunState state = newest ? SnapshotMapping.state(e.status(), previous) : null;
        Long endTime = state == null ? null : SnapshotMapping.endTime(state, previous, e.at());
        StatusChange current = newest ? new StatusChange(e.status(), e.mode(), e.at())
                : new StatusChange(SnapshotStatus.fromWire(before.status()), SnapshotMode.fromWire(before.mode()),
                before.statusAt());
        List<MetricPoint> candidates = SnapshotMapping.points(e.metrics(), e.version(), e.at());

        Uni<Void> row = before == null ? upm.insertSnapshot(tx, e, state)
                : newest ? upm.recordStatus(tx, e, state) : Uni.createFrom().voidItem();
        return row.flatMap(v -> upm.insertMetrics(tx, family, e.version(), candidates))
                .flatMap(newKeys -> upm.history(tx, family, e.version()).flatMap(history -> {
                    List<MetricPoint> metrics = candidates.stream().filter(p -> newKeys.contains(p.key())).toList();
                    Map<String, String> tags = SnapshotMapping.statusTags(family, e.version(), current, history);
                    Map<String, String> historyTags = new LinkedHashMap<>();
                    List<VersionTags> others = new ArrayList<>();
                    return familyChanges(tx, e, newest, fam, historyTags, others).flatMap(x -> {
                        if (!mirror) {
                            return Uni.createFrom().voidItem();
                        }
                        SnapshotOp op = new SnapshotOp(family, e.version(), metrics, tags, state, endTime, historyTags,
                                others);
                        return ops.enqueue(tx, SnapshotMapping.stream(family), OpKind.UPM_SNAPSHOT,
                                "snapshot:v" + e.version() + ":" + e.status().wireName() + ":" + e.at(),
                                JsonObject.mapFrom(op));
                    });
                }));
    }

    /**
     * What the event changes for the family: its latest version, and — for the newest activation — the version served;
     * the one served before is back in shadow mode (upm-service sends no event for it), so its run's tags say so.
     */
    private Uni<Void> familyChanges(SqlClient tx, SnapshotEvent e, boolean newest, UpmFamilyRow fam,
                                    Map<String, String> historyTags, List<VersionTags> others) {
        String family = e.family().wireName();
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (fam.latestVersion() == null || e.version() > fam.latestVersion()) {
            historyTags.put(SnapshotMapping.LATEST_VERSION_TAG, Long.toString(e.version()));
            chain = chain.flatMap(v -> upm.recordLatest(tx, family, e.version()));
        }
        boolean activation = newest && e.status() == SnapshotStatus.ACTIVATED
                && (fam.activeAt() == null || !e.at().isBefore(fam.activeAt()));
        if (!activation) {
            return chain;
        }
        historyTags.put(SnapshotMapping.ACTIVE_VERSION_TAG, Long.toString(e.version()));
        chain = chain.flatMap(v -> upm.recordActive(tx, family, e.version(), e.at()));
        Long previous = fam.activeVersion();
        if (previous == null || previous == e.version()) {
            return chain;
        }
        return chain.flatMap(v -> upm.findSnapshot(tx, family, previous)).flatMap(found -> {
            if (found.isEmpty() || !SnapshotMode.ACTIVE.wireName().equals(found.get().mode())) {
                return Uni.createFrom().voidItem(); // a rollback already sent it back to shadow
            }
            SnapshotRow was = found.get();
            return upm.recordMode(tx, family, previous, SnapshotMode.SHADOW)
                    .flatMap(v -> upm.history(tx, family, previous))
                    .invoke(history -> {
                        Map<String, String> tags = new LinkedHashMap<>(SnapshotMapping.statusTags(family, previous,
                                new StatusChange(SnapshotStatus.fromWire(was.status()), SnapshotMode.SHADOW,
                                        was.statusAt()), history));
                        tags.put(SnapshotMapping.SERVED_UNTIL_TAG, e.at().toString());
                        others.add(new VersionTags(previous, tags));
                    })
                    .replaceWithVoid();
        });
    }
}
