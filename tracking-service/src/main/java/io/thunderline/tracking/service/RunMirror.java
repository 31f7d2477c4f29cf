package io.thunderline.tracking.service;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.TrackingRun;
import io.thunderline.support.Outbox;
import io.thunderline.tracking.client.MlflowArtifacts;
import io.thunderline.tracking.client.MlflowGateway;
import io.thunderline.tracking.client.MlflowRun;
import io.thunderline.tracking.client.ModelDownloads;
import io.thunderline.tracking.client.ModelFile;
import io.thunderline.tracking.config.MlflowConfig;
import io.thunderline.tracking.domain.MlflowNames;
import io.thunderline.tracking.domain.ParamNaming;
import io.thunderline.tracking.domain.PendingOp;
import io.thunderline.tracking.domain.RunRow;
import io.thunderline.tracking.domain.RunState;
import io.thunderline.tracking.domain.UpdateOp;
import io.thunderline.tracking.repository.RunRepository;
import io.thunderline.tracking.repository.UpdateRepository;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one pending operation to MLflow, blocking (call it from the replayer's thread). Every operation is safe to
 * apply twice (the replayer may crash after MLflow took it and before its row is deleted): the run is found again by
 * its job tag, metrics carry the update's own time (MLflow drops an identical metric), params keep their first value,
 * tags and status are overwritten with the same value and artifacts with the same file.
 */
@ApplicationScoped
public class RunMirror {
    private static final Logger LOG = Logger.getLogger(RunMirror.class);
    private static final Duration DB = Duration.ofSeconds(30);
    static final String MODEL_FILE_TAG = "thunderline.model_file";
    /** The upload operation's payload field: where the completed update said the model file can be fetched. */
    static final String MODEL_URL = "modelUrl";

    private final MlflowGateway mlflow;
    private final MlflowArtifacts artifacts;
    private final ModelDownloads models;
    private final RunRepository runs;
    private final UpdateRepository updates;
    private final Outbox outbox;
    private final MlflowConfig config;

    public RunMirror(MlflowGateway mlflow, MlflowArtifacts artifacts, ModelDownloads models, RunRepository runs,
                     UpdateRepository updates, Outbox outbox, MlflowConfig config) {
        this.mlflow = mlflow;
        this.artifacts = artifacts;
        this.models = models;
        this.runs = runs;
        this.updates = updates;
        this.outbox = outbox;
        this.config = config;
    }

    public void apply(SqlClient tx, PendingOp op) {
        RunRow run = runs.find(tx, op.jobId()).await().atMost(DB)
                .orElseThrow(() -> new IllegalStateException("operation " + op.seq() + " for unknown job " + op.jobId()));
        run = ensureRun(tx, run);
        switch (op.kind()) {
            case OPEN_RUN -> {
                // ensureRun did it
            }
            case LOG_UPDATE -> logUpdate(tx, run, op.payload().mapTo(UpdateOp.class));
            case UPLOAD_ARTIFACTS -> uploadArtifacts(tx, run, op.payload().getString(MODEL_URL));
        }
    }

    private RunRow ensureRun(SqlClient tx, RunRow run) {
        if (run.hasRun()) {
            return run;
        }
        String experimentId = mlflow.experimentId(MlflowNames.experimentName(config.experimentPrefix(), run.modelType()));
        Instant start = run.requestedAt() != null ? run.requestedAt() : run.firstSeenAt();
        MlflowRun created = mlflow.findRun(experimentId, run.jobId())
                .orElseGet(() -> mlflow.createRun(experimentId, run.runName(), start.toEpochMilli(), runTags(run)));
        mlflow.log(created.runId(), List.of(), run.requestParams(), Map.of());
        mlflow.setState(created.runId(), RunState.SCHEDULED, null);
        String url = mlflow.runUrl(experimentId, created.runId());
        runs.recordRun(tx, run.jobId(), experimentId, created.runId(), url, created.artifactUri(), RunState.SCHEDULED)
                .await().atMost(DB);
        announce(tx, run.jobId(), experimentId, created.runId(), url, RunState.SCHEDULED);
        LOG.infof("job %s is MLflow run %s in experiment %s", run.jobId(), created.runId(), experimentId);
        return runs.find(tx, run.jobId()).await().atMost(DB).orElseThrow();
    }

    private void logUpdate(SqlClient tx, RunRow run, UpdateOp update) {
        mlflow.log(run.runId(), update.metrics(), update.params(), update.tags());
        RunState state = update.state();
        if (state != null && !state.name().equals(run.runState())) {
            mlflow.setState(run.runId(), state, update.endTime());
            runs.recordRunState(tx, run.jobId(), state).await().atMost(DB);
            announce(tx, run.jobId(), run.experimentId(), run.runId(), run.runUrl(), state);
        }
    }

    /** Runs last for a job (after its FINISHED update): a model server that is down delays the artifact only. */
    private void uploadArtifacts(SqlClient tx, RunRow run, String modelUrl) {
        Optional<ModelFile> model = modelUrl == null ? Optional.empty() : models.fetch(run.jobId(), modelUrl);
        if (model.isPresent()) {
            artifacts.upload(run.artifactUri(), "model/" + model.get().fileName(), model.get().content(),
                    "application/octet-stream");
            mlflow.log(run.runId(), List.of(), Map.of(), Map.of(MODEL_FILE_TAG, "model/" + model.get().fileName()));
        } else {
            String why = modelUrl == null ? "the completed update named no modelUrl" : modelUrl + " answered 404";
            LOG.warnf("job %s has no model file (%s); the run gets none", run.jobId(), why);
            mlflow.log(run.runId(), List.of(), Map.of(), Map.of(MODEL_FILE_TAG, MlflowNames.tagValue("none (" + why + ")")));
        }
        Optional<String> matrix = updates.param(tx, run.jobId(), ParamNaming.CONFUSION_MATRIX).await().atMost(DB);
        if (matrix.isPresent()) {
            artifacts.upload(run.artifactUri(), ParamNaming.CONFUSION_MATRIX + ".json",
                    matrix.get().getBytes(StandardCharsets.UTF_8), "application/json");
        }
    }

    private void announce(SqlClient tx, String jobId, String experimentId, String runId, String url, RunState state) {
        outbox.append(tx, new TrackingRun(Contracts.SCHEMA_VERSION, jobId, experimentId, runId, url, state.name(),
                Instant.now()), jobId).await().atMost(DB);
    }

    static Map<String, String> runTags(RunRow run) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(MlflowGateway.JOB_TAG, run.jobId());
        tags.put("created_by", run.createdBy());
        tags.put("mlflow.user", run.createdBy());
        tags.put("prompt_preview", MlflowNames.tagValue(run.promptPreview()));
        tags.put("mlflow.source.type", "JOB");
        tags.put("mlflow.source.name", "thunderline-training");
        return tags;
    }
}
