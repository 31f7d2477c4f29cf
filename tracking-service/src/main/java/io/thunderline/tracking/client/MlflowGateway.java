package io.thunderline.tracking.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thunderline.tracking.config.MlflowConfig;
import io.thunderline.tracking.domain.LogBatch;
import io.thunderline.tracking.domain.MetricPoint;
import io.thunderline.tracking.domain.RunState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The MLflow tracking API as tracking-service uses it, through the MLflow Java client. Calls block (the client is
 * synchronous): call them from a worker thread. Failures come out as {@link MlflowUnavailableException} (try again
 * later) or {@link MlflowRejectedException} (MLflow said no for good).
 */
@ApplicationScoped
public class MlflowGateway {
    /** Tag holding the job id on every run; how a run created just before a crash is found again. */
    public static final String JOB_TAG = "thunderline.job_id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MlflowConfig config;
    private final MlflowClient client;
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();

    public MlflowGateway(MlflowConfig config) {
        this.config = config;
        this.client = MlflowClients.withTimeouts(config.apiBase(), config.connectTimeout(), config.requestTimeout());
    }

    /** The experiment's id, created on first use; cached, since experiments are never renamed by us. */
    public String experimentId(String name) {
        String known = experimentIds.get(name);
        if (known != null) {
            return known;
        }
        String id = call("find or create experiment " + name, () -> {
            Optional<Experiment> found = findExperiment(name);
            if (found.isPresent()) {
                if ("deleted".equals(found.get().getLifecycleStage())) {
                    client.restoreExperiment(found.get().getExperimentId());
                }
                return found.get().getExperimentId();
            }
            try {
                return client.createExperiment(name);
            } catch (MlflowHttpException e) {
                if (e.getBodyMessage() != null && e.getBodyMessage().contains("RESOURCE_ALREADY_EXISTS")) {
                    // another instance created it between our look-up and our create
                    return findExperiment(name).orElseThrow(() -> e).getExperimentId();
                }
                throw e;
            }
        });
        experimentIds.put(name, id);
        return id;
    }

    /**
     * Search rather than get-by-name: the client retries a 404 three times (logging each as a rate limit), and a
     * missing experiment is the normal case on first use. Deleted experiments are found too, to be restored.
     */
    private Optional<Experiment> findExperiment(String name) {
        String filter = "name = '" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
        return client.searchExperiments(filter, ViewType.ALL, 10, List.of()).getItems().stream()
                .filter(e -> e.getName().equals(name)).findFirst();
    }

    /** The job's run if one was created already (say, just before a crash, so that we never recorded it). */
    public Optional<MlflowRun> findRun(String experimentId, String jobId) {
        return findRun(experimentId, JOB_TAG, jobId);
    }

    /** The run of the experiment whose tag {@code tag} is {@code value}, if there is one. */
    public Optional<MlflowRun> findRun(String experimentId, String tag, String value) {
        return findRun(experimentId, Map.of(tag, value));
    }

    /** The run of the experiment that has every one of these tags with these values, if there is one. */
    public Optional<MlflowRun> findRun(String experimentId, Map<String, String> tags) {
        String filter = tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(t -> "tags.`" + t.getKey() + "` = '" + t.getValue().replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(java.util.stream.Collectors.joining(" AND "));
        return call("search the run with " + filter, () -> client.searchRuns(List.of(experimentId), filter))
                .stream().findFirst().map(info -> run(experimentId, info));
    }

    public MlflowRun createRun(String experimentId, String runName, long startTime, Map<String, String> tags) {
        CreateRun.Builder request = CreateRun.newBuilder().setExperimentId(experimentId).setRunName(runName)
                .setStartTime(startTime);
        tags.forEach((k, v) -> request.addTags(RunTag.newBuilder().setKey(k).setValue(v)));
        return run(experimentId, call("create run " + runName, () -> client.createRun(request.build())));
    }

    /** Logs any number of metrics, params and tags, in as many log-batch calls as MLflow's limits need. */
    public void log(String runId, List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        for (LogBatch batch : LogBatch.split(metrics, params, tags)) {
            List<Metric> m = batch.metrics().stream().map(p -> Metric.newBuilder().setKey(p.key()).setValue(p.value())
                    .setStep(p.step()).setTimestamp(p.timestamp()).build()).toList();
            List<Param> p = batch.params().stream()
                    .map(e -> Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
            List<RunTag> t = batch.tags().stream()
                    .map(e -> RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
            call("log-batch of " + batch.size() + " values to run " + runId, () -> {
                client.logBatch(runId, m, p, t);
                return null;
            });
        }
    }

    /** Moves the run's status; terminal states also get their end time. */
    public void setState(String runId, RunState state, Long endTime) {
        ObjectNode body = JSON.createObjectNode().put("run_id", runId).put("status", state.name());
        if (state.terminal() && endTime != null) {
            body.put("end_time", endTime);
        }
        call("set run " + runId + " to " + state, () -> client.sendPost("runs/update", body.toString()));
    }

    /** Link for people: the experiment's page in the MLflow UI. */
    public String experimentUrl(String experimentId) {
        return config.uiBase() + "/#/experiments/" + experimentId;
    }

    /** Link for people: the run's page in the MLflow UI. */
    public String runUrl(String experimentId, String runId) {
        return config.uiBase() + "/#/experiments/" + experimentId + "/runs/" + runId;
    }

    private static MlflowRun run(String experimentId, RunInfo info) {
        return new MlflowRun(experimentId, info.getRunId().isEmpty() ? info.getRunUuid() : info.getRunId(),
                info.getArtifactUri());
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (MlflowHttpException e) {
            int status = e.getStatusCode();
            String detail = what + ": MLflow answered " + status + " " + e.getBodyMessage();
            if (status == 429 || status == 408 || status >= 500) {
                throw new MlflowUnavailableException(detail, e);
            }
            throw new MlflowRejectedException(detail, e);
        } catch (MlflowClientException e) {
            throw new MlflowUnavailableException(what + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
