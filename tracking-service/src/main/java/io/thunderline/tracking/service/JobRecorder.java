package io.thunderline.tracking.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.tracking.domain.MetricNaming;
import io.thunderline.tracking.domain.MetricPoint;
import io.thunderline.tracking.domain.MlflowNames;
import io.thunderline.tracking.domain.OpKind;
import io.thunderline.tracking.domain.ParamNaming;
import io.thunderline.tracking.domain.RequestFacts;
import io.thunderline.tracking.domain.RunState;
import io.thunderline.tracking.domain.UpdateOp;
import io.thunderline.tracking.repository.PendingOpRepository;
import io.thunderline.tracking.repository.RunRepository;
import io.thunderline.tracking.repository.UpdateRepository;
import io.thunderline.tracking.repository.UpdateRepository.ParamChange;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka side of the mirror: records what a job's updates say, in the consumer's transaction, and queues the MLflow
 * operations that follow (the replayer sends them). The job's first update carries its request (model type, dataset,
 * owner, whether to track it at all); updates that come before it (a redelivery out of order) are recorded and their
 * operations wait in pending_mlflow_ops until it comes. An update seen before (same job and seq, even under another
 * message id) changes nothing, so every metric reaches MLflow once.
 */
@ApplicationScoped
public class JobRecorder {
    private static final Logger LOG = Logger.getLogger(JobRecorder.class);
    static final String PHASE_TAG = "thunderline.phase";
    static final String OUTCOME_TAG = "thunderline.outcome";

    private final RunRepository runs;
    private final UpdateRepository updates;
    private final PendingOpRepository ops;

    public JobRecorder(RunRepository runs, UpdateRepository updates, PendingOpRepository ops) {
        this.runs = runs;
        this.updates = updates;
        this.ops = ops;
    }

    /** Stores a request's facts; an untracked job loses any operations queued before its request came. */
    private Uni<Void> record(SqlClient tx, RequestFacts facts) {
        return runs.recordRequest(tx, facts).flatMap(v -> facts.trackMlflow()
                ? ops.enqueue(tx, facts.jobId(), OpKind.OPEN_RUN, "open", new JsonObject())
                : ops.dropJob(tx, facts.jobId()));
    }

    public Uni<Void> onUpdate(SqlClient tx, JobUpdate u) {
        Uni<Void> request = u.request() == null ? Uni.createFrom().voidItem() : record(tx, RequestFacts.of(u.request()));
        return request.flatMap(v -> applyUpdate(tx, u));
    }

    private Uni<Void> applyUpdate(SqlClient tx, JobUpdate u) {
        return runs.lockForUpdate(tx, u).flatMap(seen -> {
            refuseAfterEnd(seen, u);
            return updates.insert(tx, u).flatMap(fresh -> {
                if (!fresh) {
                    LOG.debugf("update %d of job %s was recorded before; ignoring the duplicate", u.seq(), u.jobId());
                    return Uni.createFrom().voidItem();
                }
                List<MetricPoint> points = MetricNaming.points(u);
                Map<String, String> params = ParamNaming.params(u);
                boolean newest = u.seq() > seen.lastSeq();
                return updates.insertMetrics(tx, u.jobId(), u.seq(), points)
                        .flatMap(v -> updates.upsertParams(tx, u.jobId(), u.seq(), params))
                        .flatMap(changes -> runs.recordStatus(tx, u).flatMap(v -> Boolean.FALSE.equals(seen.trackMlflow())
                                ? Uni.createFrom().voidItem()
                                : enqueue(tx, u, newest, points, params, changes)));
            });
        });
    }

    /**
     * A finished job's state is final (a retry is a new job): an update numbered after the job's terminal one goes to
     * the dead-letter topic with the reason and is never applied, so a late or forged update cannot reopen its run.
     */
    private static void refuseAfterEnd(RunRepository.Seen seen, JobUpdate u) {
        if (seen.lastSeq() >= 0 && seen.status().terminal() && u.seq() > seen.lastSeq()) {
            throw new InvalidEventException("job " + u.jobId() + " ended as " + seen.status().wireName() + " with update "
                    + seen.lastSeq() + "; update " + u.seq() + " (" + u.status().wireName() + ") came after its end and "
                    + "is not applied");
        }
    }

    private Uni<Void> enqueue(SqlClient tx, JobUpdate u, boolean newest, List<MetricPoint> points,
                              Map<String, String> params, Map<String, ParamChange> changes) {
        Map<String, String> mlflowParams = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            if (!ParamNaming.loggedAsParam(key)) {
                return;
            }
            switch (changes.getOrDefault(key, ParamChange.NONE)) {
                case NEW -> mlflowParams.put(key, MlflowNames.paramValue(value));
                case CHANGED -> tags.put(key, MlflowNames.tagValue(value));
                case NONE -> {
                }
            }
        });
        RunState state = newest ? RunState.of(u.status()) : null;
        if (newest && u.phase() != null) {
            tags.put(PHASE_TAG, u.phase() + " " + (u.phaseName() == null ? JobUpdate.phaseName(u.phase()) : u.phaseName()));
        }
        if (newest && u.status().terminal() && u.message() != null && !u.message().isBlank()) {
            tags.put(OUTCOME_TAG, MlflowNames.tagValue(u.message()));
        }
        Long endTime = state != null && state.terminal() ? u.at().toEpochMilli() : null;
        UpdateOp op = new UpdateOp(u.seq(), state, endTime, points, mlflowParams, tags);
        Uni<Void> log = ops.enqueue(tx, u.jobId(), OpKind.LOG_UPDATE, "update:" + u.seq(), JsonObject.mapFrom(op));
        if (state != RunState.FINISHED) {
            return log;
        }
        return log.flatMap(v -> ops.enqueue(tx, u.jobId(), OpKind.UPLOAD_ARTIFACTS, "artifacts:" + u.seq(),
                new JsonObject().put(RunMirror.MODEL_URL, u.modelUrl())));
    }
}
