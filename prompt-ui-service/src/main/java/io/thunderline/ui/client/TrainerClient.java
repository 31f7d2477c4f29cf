package io.thunderline.ui.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.thunderline.support.client.FaultPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.SseEvent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * trainer-service behind its one fault-tolerance policy; "Trainer unavailable" when it cannot answer. Cancel, retry
 * and run-again are not retried by us: the trainer may have acted before the answer was lost. Neither is predict (a
 * model answering is work, not a lookup), nor the assistant's proposals and suggestions (seconds of work each).
 */
@ApplicationScoped
public class TrainerClient {
    static final FaultPolicy.Settings POLICY = new FaultPolicy.Settings("Trainer unavailable",
            Duration.ofSeconds(5), 2, Duration.ofMillis(200), 8, 0.75, Duration.ofSeconds(5));
    /** Cancel, retry and clone: the trainer takes a job lock and writes the job's log first. */
    static final Duration CONTROL = Duration.ofSeconds(10);
    /** A model answering one text (it may first load the model file). */
    static final Duration PREDICT = Duration.ofSeconds(30);
    /**
     * Auto-labelling or suggestions: the sentence encoder reads every line (the first call also loads it), a
     * calibration fits; thousands of lines take tens of seconds on a small machine.
     */
    static final Duration ASSIST = Duration.ofSeconds(90);
    /** A model file download. */
    static final Duration MODEL_FILE = Duration.ofSeconds(60);

    private final TrainerApi api;
    private final FaultPolicy policy = new FaultPolicy("trainer-service", POLICY);

    public TrainerClient(@RestClient TrainerApi api) {
        this.api = api;
    }

    /** A filter of the admin dashboard; null fields are left out. */
    public record JobQuery(String status, String modelType, String createdBy, String from, String to, int limit,
                           int offset) {
    }

    public Uni<TrainerApi.JobPage> jobs(JobQuery q) {
        return policy.read(() -> api.jobs(q.status(), q.modelType(), q.createdBy(), q.from(), q.to(), q.limit(), q.offset()));
    }

    public Uni<TrainerApi.Stats> stats() {
        return policy.read(api::stats);
    }

    public Uni<List<TrainerApi.Trial>> trials(String jobId) {
        return policy.read(() -> api.trials(jobId));
    }

    /** @param beforeArrival the job was submitted here, so the trainer may not have received it yet */
    public Uni<TrainerApi.Control> cancel(String jobId, String user, boolean beforeArrival) {
        return policy.write(CONTROL, () -> api.cancel(jobId, user, beforeArrival));
    }

    public Uni<TrainerApi.Control> retry(String jobId, String user) {
        return policy.write(CONTROL, () -> api.retry(jobId, user));
    }

    public Uni<TrainerApi.Control> runAgain(String jobId, String user) {
        return policy.write(CONTROL, () -> api.cloneJob(jobId, user, Map.of()));
    }

    public Uni<List<TrainerApi.Worker>> workers() {
        return policy.read(api::workers);
    }

    /** A job's model answers; a classifier's answer is logged under a prediction id, in the name of {@code user}. */
    public Uni<TrainerApi.Prediction> predict(String jobId, String user, String text) {
        return policy.write(PREDICT, () -> api.predict(jobId, user, Map.of("text", text)));
    }

    // ---- A/B deployments: creating, splitting, promoting and judging change something and are never retried

    public Uni<TrainerApi.Deployment> createDeployment(String user, TrainerApi.DeploymentRequest request) {
        return policy.write(POLICY.timeout(), () -> api.createDeployment(user, request));
    }

    /** A user's deployments (createdBy null: everyone's). */
    public Uni<List<TrainerApi.Deployment>> deployments(String createdBy) {
        return policy.read(() -> api.deployments(createdBy));
    }

    public Uni<TrainerApi.Deployment> deployment(String id) {
        return policy.read(() -> api.deployment(id));
    }

    /** A or B answers, as the deployment's split draws. */
    public Uni<TrainerApi.DeployedAnswer> deploymentPredict(String id, String user, String text) {
        return policy.write(PREDICT, () -> api.deploymentPredict(id, user, Map.of("text", text)));
    }

    public Uni<TrainerApi.Deployment> split(String id, TrainerApi.SplitRequest request) {
        return policy.write(POLICY.timeout(), () -> api.split(id, request));
    }

    public Uni<TrainerApi.Deployment> promote(String id, String user) {
        return policy.write(POLICY.timeout(), () -> api.promote(id, user));
    }

    public Uni<TrainerApi.LoggedPrediction> prediction(String id) {
        return policy.read(() -> api.prediction(id));
    }

    public Uni<TrainerApi.Feedback> feedback(String id, String user, TrainerApi.FeedbackRequest request) {
        return policy.write(POLICY.timeout(), () -> api.feedback(id, user, request));
    }

    /** Proposed labels for unlabelled lines; a refusal names the trainer's field (labelled, unlabelled, jobId). */
    public Uni<TrainerApi.Proposals> proposeLabels(TrainerApi.LabelsRequest request) {
        return policy.write(ASSIST, () -> api.assistLabels(request));
    }

    /** Concrete improvements of a prompt's examples (or pairs), with the obvious fixes. */
    public Uni<TrainerApi.Suggestions> suggestions(TrainerApi.SuggestionsRequest request) {
        return policy.write(ASSIST, () -> api.assistSuggestions(request));
    }

    /**
     * A language model's streamed answer, event by event as the trainer sends it. Outside the policy (a timeout or a
     * breaker does not fit a stream): the page's stop button, or a closed page, cancels the call.
     */
    public Multi<SseEvent<String>> generate(String jobId, Map<String, Object> body) {
        return api.generate(jobId, body);
    }

    public Uni<byte[]> modelFile(String jobId) {
        return policy.read(MODEL_FILE, () -> api.modelFile(jobId));
    }

    /** /q/health; a DOWN answer (503) is still an answer: its checks say what is down. */
    public Uni<HealthReport> health() {
        return policy.read(() -> HealthReport.read(api.health()));
    }
}
