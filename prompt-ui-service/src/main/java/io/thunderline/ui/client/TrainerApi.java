package io.thunderline.ui.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.SseEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** trainer-service's REST API (jobs, workers, models, the assistant, health): the records hold only what the page reads. */
@RegisterRestClient(configKey = "trainer")
@RegisterProvider(ForwardedUser.ToTrainer.class)
@Produces(MediaType.APPLICATION_JSON)
public interface TrainerApi {
    /** A page of the dashboard's job list. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record JobPage(List<TrainerJob> items, long total) {
    }

    /** The dashboard's counts and the running jobs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stats(Map<String, Long> byStatus, Map<String, Long> queuedByPriority, List<Running> running) {
    }

    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Running(String jobId, String workerId, Long heartbeatAgeSeconds) {
        public String shortId() {
            return TrainerApi.shortId(jobId);
        }
    }

    /** One trial of the architecture search, for the job page's table. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Trial(int trial, String architecture, Integer bestEpoch, Map<String, Object> metrics) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Worker(String workerId, Instant lastHeartbeat) {
    }

    /**
     * A classifier's answer: the top label, every class's probability and the id it is logged under (feedback is given
     * on it); a language model's: its completion.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Prediction(String label, Map<String, Double> probabilities, String completion, String predictionId) {
    }

    /** Creating an A/B deployment: A, optionally B and the share of calls B answers (0 to 1). */
    record DeploymentRequest(String name, String activeJobId, String candidateJobId, Double candidateShare) {
    }

    /** A new share for B, optionally a new B. */
    record SplitRequest(Double candidateShare, String candidateJobId) {
    }

    /** An A/B deployment with what was measured of each side's model through it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Deployment(String id, String name, String createdBy, Instant createdAt, double candidateShare, int promotions,
                      Instant promotedAt, String promotedBy, ModelVersion active, ModelVersion candidate) {
    }

    /** One side (A or B): its job, calls answered, predictions judged and right, online accuracy and 95 % interval. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelVersion(String version, String jobId, long calls, long judged, long correct, Double accuracy, double low,
                        double high) {
    }

    /** A deployment's answer: which side and job gave it, and its prediction id. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeployedAnswer(String predictionId, String deploymentId, String jobId, String version, String label,
                          double probability, Map<String, Double> probabilities) {
    }

    /** A logged prediction: the page finds from its deployment or job who may judge it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LoggedPrediction(String predictionId, String deploymentId, String jobId, String version, String label) {
    }

    record FeedbackRequest(Boolean correct, String label) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Feedback(String predictionId, String deploymentId, String jobId, String version, String predicted,
                    boolean correct, String label, String givenBy, Instant givenAt, boolean recorded) {
    }

    /**
     * What cancel, retry and clone answer: the job now in the queue (a clone or a retry may be a new job) and what
     * happened to it ("cancel-on-arrival": the trainer has not received the job yet and cancels it when it does).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Control(String jobId, String outcome) {
    }

    /** A labelled line sent to the trainer's assistant (auto-labelling, suggestions). */
    record AssistExample(String text, String label) {
    }

    /** A prompt and its answer (instruction following, chat) sent to the suggestions. */
    record AssistPair(String prompt, String response) {
    }

    /** Proposals for {@code unlabelled}, taught by {@code labelled} or by the model of the trained job {@code jobId}. */
    record LabelsRequest(List<AssistExample> labelled, List<String> unlabelled, String jobId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Proposals(String source, Double temperature, boolean calibrated, List<Proposal> proposals) {
    }

    /** {@code index} is the line's place in the request's {@code unlabelled}; alternatives: every label, likeliest first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Proposal(int index, String text, String label, double confidence, List<Scored> alternatives) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Scored(String label, double probability) {
    }

    /** Classification types send {@code examples}, language models {@code pairs}. */
    record SuggestionsRequest(String modelType, List<AssistExample> examples, List<AssistPair> pairs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Suggestions(int checked, List<Suggestion> suggestions) {
    }

    /** One improvement; {@code examples} index the request's examples (or pairs); {@code fix} when it is obvious. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Suggestion(String kind, String message, List<Integer> examples, Fix fix) {
    }

    /** REMOVE example {@code example}, or RELABEL it {@code label}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Fix(String action, int example, String label) {
    }

    @GET
    @Path("/jobs")
    Uni<JobPage> jobs(@QueryParam("status") String status, @QueryParam("modelType") String modelType,
                      @QueryParam("createdBy") String createdBy, @QueryParam("from") String from,
                      @QueryParam("to") String to, @QueryParam("limit") int limit, @QueryParam("offset") int offset);

    @GET
    @Path("/jobs/stats")
    Uni<Stats> stats();

    @GET
    @Path("/jobs/{id}/trials")
    Uni<List<Trial>> trials(@PathParam("id") String id);

    @POST
    @Path("/jobs/{id}/cancel")
    Uni<Control> cancel(@PathParam("id") String id, @HeaderParam("X-User") String user,
                        @QueryParam("beforeArrival") boolean beforeArrival);

    @POST
    @Path("/jobs/{id}/retry")
    Uni<Control> retry(@PathParam("id") String id, @HeaderParam("X-User") String user);

    /** A new job like this one (same dataset version and options): "run again" for a completed job. */
    @POST
    @Path("/jobs/{id}/clone")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Control> cloneJob(@PathParam("id") String id, @HeaderParam("X-User") String user, Map<String, Object> edits);

    @GET
    @Path("/workers")
    Uni<List<Worker>> workers();

    @POST
    @Path("/models/{jobId}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Prediction> predict(@PathParam("jobId") String jobId, @HeaderParam("X-User") String user, Map<String, String> body);

    @POST
    @Path("/deployments")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Deployment> createDeployment(@HeaderParam("X-User") String user, DeploymentRequest request);

    @GET
    @Path("/deployments")
    Uni<List<Deployment>> deployments(@QueryParam("createdBy") String createdBy);

    @GET
    @Path("/deployments/{id}")
    Uni<Deployment> deployment(@PathParam("id") String id);

    @POST
    @Path("/deployments/{id}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<DeployedAnswer> deploymentPredict(@PathParam("id") String id, @HeaderParam("X-User") String user,
                                          Map<String, String> body);

    @POST
    @Path("/deployments/{id}/split")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Deployment> split(@PathParam("id") String id, SplitRequest request);

    @POST
    @Path("/deployments/{id}/promote")
    Uni<Deployment> promote(@PathParam("id") String id, @HeaderParam("X-User") String user);

    @GET
    @Path("/predictions/{id}")
    Uni<LoggedPrediction> prediction(@PathParam("id") String id);

    @POST
    @Path("/predictions/{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Feedback> feedback(@PathParam("id") String id, @HeaderParam("X-User") String user, FeedbackRequest request);

    /** A language model's answer as server-sent events: "token" {text} … then "done" {answer}. */
    @POST
    @Path("/models/{jobId}/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> generate(@PathParam("jobId") String jobId, Map<String, Object> body);

    @GET
    @Path("/models/{jobId}/file")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    Uni<byte[]> modelFile(@PathParam("jobId") String jobId);

    @POST
    @Path("/assist/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Proposals> assistLabels(LabelsRequest request);

    @POST
    @Path("/assist/suggestions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Suggestions> assistSuggestions(SuggestionsRequest request);

    @GET
    @Path("/q/health")
    Uni<HealthReport> health();

    /** The first eight characters of a job id, as the page shows it. */
    static String shortId(String id) {
        return id == null ? "" : id.length() > 8 ? id.substring(0, 8) : id;
    }
}
