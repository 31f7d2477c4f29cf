package io.thunderline.tracking.service;

import io.thunderline.tracking.client.MlflowGateway;
import io.thunderline.tracking.client.MlflowRun;
import io.thunderline.tracking.config.MlflowConfig;
import io.thunderline.tracking.domain.PendingOp;
import io.thunderline.tracking.domain.RunState;
import io.thunderline.tracking.domain.SnapshotMapping;
import io.thunderline.tracking.domain.SnapshotOp;
import io.thunderline.tracking.domain.SnapshotRow;
import io.thunderline.tracking.domain.UpmFamilyRow;
import io.thunderline.tracking.repository.UpmRepository;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies one UPM snapshot operation to MLflow, blocking (call it from the replayer's thread): makes sure the family's
 * experiment, its history run and the snapshot's run exist, then logs the op's metrics (to both runs), tags and status.
 * Safe to apply twice, as a job's operations are: runs are found again by their tags, MLflow drops a metric identical
 * in key, step, value and time, params are the same every time, tags and status are overwritten with the same values.
 */
@ApplicationScoped
public class SnapshotMirror {
    private static final Logger LOG = Logger.getLogger(SnapshotMirror.class);
    private static final Duration DB = Duration.ofSeconds(30);

    private final MlflowGateway mlflow;
    private final UpmRepository upm;
    private final MlflowConfig config;
    /**
     * Runs found in (or created on) this MLflow since start. A run id recorded here is looked up once per process
     * before it is trusted: the MLflow behind the URL may have been replaced by an empty one (ids restart at 1).
     */
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    public SnapshotMirror(MlflowGateway mlflow, UpmRepository upm, MlflowConfig config) {
        this.mlflow = mlflow;
        this.upm = upm;
        this.config = config;
    }

    public void apply(SqlClient tx, PendingOp pending) {
        SnapshotOp op = pending.payload().mapTo(SnapshotOp.class);
        String experimentId = mlflow.experimentId(SnapshotMapping.experimentName(config.experimentPrefix(), op.family()));
        String historyRunId = historyRun(tx, op.family(), experimentId);
        SnapshotRow snapshot = snapshotRun(tx, op.family(), op.version(), experimentId);

        mlflow.log(snapshot.runId(), op.metrics(), Map.of(), op.tags());
        RunState state = op.state();
        if (state != null) {
            mlflow.setState(snapshot.runId(), state, op.endTime());
            if (!state.name().equals(snapshot.runState())) {
                upm.recordRunState(tx, op.family(), op.version(), state).await().atMost(DB);
            }
        }
        mlflow.log(historyRunId, op.metrics(), Map.of(), op.historyTags());
        for (SnapshotOp.VersionTags other : op.others()) {
            upm.findSnapshot(tx, op.family(), other.version()).await().atMost(DB).filter(SnapshotRow::hasRun)
                    .ifPresent(run -> mlflow.log(run.runId(), List.of(), Map.of(), other.tags()));
        }
    }

    /** The family's history run: every version's metrics at step = version. */
    private String historyRun(SqlClient tx, String family, String experimentId) {
        UpmFamilyRow row = upm.findFamily(tx, family).await().atMost(DB)
                .orElseThrow(() -> new IllegalStateException("UPM operation for unknown family " + family));
        if (row.historyRunId() != null && experimentId.equals(row.experimentId()) && confirmed.contains(row.historyRunId())) {
            return row.historyRunId();
        }
        MlflowRun run = mlflow.findRun(experimentId, SnapshotMapping.ROLE_TAG, SnapshotMapping.HISTORY_ROLE)
                .orElseGet(() -> mlflow.createRun(experimentId, SnapshotMapping.historyRunName(family),
                        System.currentTimeMillis(), SnapshotMapping.historyRunTags(family)));
        mlflow.log(run.runId(), List.of(), Map.of("family", family), Map.of());
        if (!run.runId().equals(row.historyRunId())) {
            upm.recordHistoryRun(tx, family, experimentId, run.runId(), mlflow.runUrl(experimentId, run.runId()))
                    .await().atMost(DB);
            LOG.infof("UPM family %s: MLflow experiment %s, history run %s", family, experimentId, run.runId());
        }
        confirmed.add(run.runId());
        return run.runId();
    }

    /** The snapshot's run, created with its params on first use. */
    private SnapshotRow snapshotRun(SqlClient tx, String family, long version, String experimentId) {
        SnapshotRow row = upm.findSnapshot(tx, family, version).await().atMost(DB)
                .orElseThrow(() -> new IllegalStateException("UPM operation for unknown snapshot " + family + " v" + version));
        if (row.hasRun() && experimentId.equals(row.experimentId()) && confirmed.contains(row.runId())) {
            return row;
        }
        MlflowRun run = mlflow.findRun(experimentId, SnapshotMapping.runIdentity(row.snapshotId(), row.checksum()))
                .orElseGet(() -> mlflow.createRun(experimentId, SnapshotMapping.runName(family, version),
                        row.firstAt().toEpochMilli(),
                        SnapshotMapping.runTags(row.snapshotId(), row.checksum(), family, version)));
        mlflow.log(run.runId(), List.of(), SnapshotMapping.params(row.snapshotId(), family, version, row.windows(),
                row.checksum(), row.initialMode()), Map.of());
        confirmed.add(run.runId());
        if (run.runId().equals(row.runId())) {
            return row;
        }
        // a new run is RUNNING in MLflow; the operation goes on to set the status the snapshot has reached
        upm.recordRun(tx, family, version, experimentId, run.runId(), mlflow.runUrl(experimentId, run.runId()),
                RunState.RUNNING).await().atMost(DB);
        LOG.infof("UPM snapshot %s is MLflow run %s in experiment %s", row.snapshotId(), run.runId(), experimentId);
        return upm.findSnapshot(tx, family, version).await().atMost(DB).orElseThrow();
    }
}
