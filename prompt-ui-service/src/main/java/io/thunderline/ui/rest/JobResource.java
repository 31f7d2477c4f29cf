package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.support.problem.Problem;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.ui.client.DatasetClient;
import io.thunderline.ui.client.TrainerApi;
import io.thunderline.ui.client.TrackingClient;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.repository.JobView;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.FormError;
import io.thunderline.ui.service.JobControl;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs of the signed-in user (all jobs for an admin): the list, one job with its chart points and log, and what
 * can be done with it. Lists carry the stream position they were read at: the page connects its event stream with
 * it and misses nothing between the two.
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    static final int LOG_LINES = 2000;
    static final int MAX_PAGE = 200;

    private final JobViewRepository jobs;
    private final JobAccess access;
    private final JobControl control;
    private final TrainerClient trainer;
    private final TrackingClient tracking;
    private final DatasetClient datasets;
    private final LiveFeed feed;
    private final SecurityIdentity identity;

    public JobResource(JobViewRepository jobs, JobAccess access, JobControl control, TrainerClient trainer,
                       TrackingClient tracking, DatasetClient datasets, LiveFeed feed, SecurityIdentity identity) {
        this.jobs = jobs;
        this.access = access;
        this.control = control;
        this.trainer = trainer;
        this.tracking = tracking;
        this.datasets = datasets;
        this.feed = feed;
        this.identity = identity;
    }

    public record JobList(String position, List<JobView> items, long total) {
    }

    public record JobDetail(String position, JobView job, List<JobViewRepository.UpdateRow> updates,
                            List<JobViewRepository.LogRow> logs) {
    }

    @GET
    public Uni<JobList> list(@QueryParam("status") String status, @QueryParam("modelType") String modelType,
                             @QueryParam("q") String q, @QueryParam("limit") @DefaultValue("20") int limit,
                             @QueryParam("offset") @DefaultValue("0") int offset) {
        // an impossible filter or page is refused rather than quietly answered with nothing (or with a clamped page)
        if (limit < 1 || limit > MAX_PAGE) {
            throw new FormError("limit", "limit must be 1 to " + MAX_PAGE + " (it was " + limit + ").");
        }
        if (offset < 0) {
            throw new FormError("offset", "offset must be 0 or more (it was " + offset + ").");
        }
        String position = feed.position(); // before reading: whatever happens after it is replayed to the page
        JobViewRepository.Search search = new JobViewRepository.Search(
                known("status", blank(status), v -> JobStatus.fromWire(v).wireName()),
                known("modelType", blank(modelType), v -> ModelType.fromWire(v).wireName()), blank(q));
        return jobs.list(Viewer.of(identity), search, limit, offset)
                .map(page -> new JobList(position, page.items(), page.total()));
    }

    /** A filter value the contracts know, as its wire name; otherwise a 400 naming the filter and its values. */
    private static String known(String field, String value, java.util.function.UnaryOperator<String> wireName) {
        if (value == null) {
            return null;
        }
        try {
            return wireName.apply(value);
        } catch (InvalidEventException e) {
            throw new FormError(field, e.getMessage());
        }
    }

    @GET
    @Path("/{id}")
    public Uni<JobDetail> get(@PathParam("id") String id) {
        String position = feed.position();
        return access.visible(id, identity).flatMap(job -> Uni.combine().all()
                .unis(jobs.history(id), jobs.logs(id, LOG_LINES)).asTuple()
                .map(t -> new JobDetail(position, job, t.getItem1(), t.getItem2())));
    }

    /** The architecture search's trials, from the trainer. */
    @GET
    @Path("/{id}/trials")
    public Uni<List<TrainerApi.Trial>> trials(@PathParam("id") String id) {
        return access.visible(id, identity).flatMap(job -> trainer.trials(id));
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<JobControl.Outcome> cancel(@PathParam("id") String id) {
        return access.visible(id, identity).flatMap(job -> control.cancel(job, Viewer.of(identity).name()));
    }

    @POST
    @Path("/{id}/retry")
    public Uni<JobControl.Outcome> retry(@PathParam("id") String id) {
        return access.visible(id, identity).flatMap(job -> control.retry(job, Viewer.of(identity).name()));
    }

    public record Prompt(String text) {
    }

    /** The "try it" box: the trained model answers (a classifier's answer with the prediction id feedback is given on). */
    @POST
    @Path("/{id}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TrainerApi.Prediction> predict(@PathParam("id") String id, Prompt prompt) {
        if (prompt == null || prompt.text() == null || prompt.text().isBlank()) {
            throw new FormError("text", "Type a text for the model to answer.");
        }
        if (prompt.text().length() > 10_000) {
            throw new FormError("text", "Keep the text under 10,000 characters.");
        }
        return access.visible(id, identity).flatMap(job -> {
            if (!"completed".equals(job.status())) {
                throw new FormError("text", "The model is ready once the job has completed (it is " + job.status() + ").");
            }
            return trainer.predict(id, Viewer.of(identity).name(), prompt.text());
        });
    }

    public record Turn(String role, String content) {
    }

    public record Generate(String prompt, List<Turn> history, Integer maxTokens) {
    }

    /**
     * "Try it" of a language model: the trainer's token stream passed through (events "token" {text}, "draft" {draft}
     * when a second draft starts, and "done" {answer}; "error" {message} if the trainer fails mid-way). Only the job's owner (or an admin) may ask; the check
     * runs before the stream opens, so a refusal is an ordinary JSON error. Closing the page or the stop button
     * cancels the call to the trainer.
     */
    @POST
    @Path("/{id}/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @io.smallrye.common.annotation.Blocking
    public io.smallrye.mutiny.Multi<jakarta.ws.rs.sse.OutboundSseEvent> generate(@PathParam("id") String id, Generate request,
                                                                                @jakarta.ws.rs.core.Context jakarta.ws.rs.sse.Sse sse) {
        if (request == null || request.prompt() == null || request.prompt().isBlank()) {
            throw new FormError("text", "Write a message for the model first.");
        }
        if (request.prompt().length() > 10_000) {
            throw new FormError("text", "Keep the message under 10,000 characters.");
        }
        List<Turn> history = request.history() == null ? List.of() : request.history();
        if (history.size() > 100) {
            throw new FormError("text", "The conversation is too long (over 100 turns): start a new conversation.");
        }
        for (Turn t : history) {
            if (t == null || !("user".equals(t.role()) || "assistant".equals(t.role())) || t.content() == null) {
                throw new FormError("history", "Every turn of history needs role user or assistant and its content.");
            }
        }
        JobView job = access.visible(id, identity).await().atMost(java.time.Duration.ofSeconds(10));
        if (!job.languageModel()) {
            throw new FormError("text", "This job trained a classifier: ask it with predict.");
        }
        if (!"completed".equals(job.status())) {
            throw new FormError("text", "The model is ready once the job has completed (it is " + job.status() + ").");
        }
        int maxTokens = request.maxTokens() == null ? 256 : Math.max(1, Math.min(request.maxTokens(), 1024));
        Map<String, Object> body = Map.of("prompt", request.prompt(), "history", history, "maxTokens", maxTokens);
        return trainer.generate(id, body)
                .map(e -> sse.newEventBuilder().name(e.name() == null ? "token" : e.name()).data(e.data() == null ? "" : e.data())
                        .build())
                .onFailure().recoverWithItem(e -> sse.newEventBuilder().name("error")
                        .data(errorJson(e)).build());
    }

    /** The "error" event of a stream that failed: the same problem body as every other error of the API. */
    static String errorJson(Throwable e) {
        Problem problem = Problem.of(502, null, "The model could not answer: " + e.getMessage());
        if (e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse() != null) {
            int status = w.getResponse().getStatus();
            problem = Problem.of(status, null, status == 404 ? "The trainer has no text generation for this job (it answered 404)."
                    : "The trainer refused to generate (HTTP " + status + ").");
        } else if (e instanceof java.net.ConnectException || e.getCause() instanceof java.net.ConnectException) {
            problem = Problem.of(503, null, "Trainer unavailable: the model cannot answer now.");
        }
        return io.thunderline.contracts.EventCodec.toJson(problem);
    }

    /** The dataset the job was trained on, as CSV made safe for spreadsheets (formula-like cells start with '). */
    @GET
    @Path("/{id}/dataset.csv")
    @Produces("text/csv")
    public Uni<Response> datasetCsv(@PathParam("id") String id) {
        return access.visible(id, identity).flatMap(job -> {
            if (job.datasetId() == null || job.datasetVersion() == null) {
                throw new ProblemException(404, null, "This job has no dataset on record");
            }
            return datasets.csvForPeople(job.datasetId(), job.datasetVersion()).map(csv -> Response.ok(csv, "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"" + safe(job.datasetName()) + "_v"
                            + job.datasetVersion() + ".csv\"").build());
        });
    }

    /** The job's results (params and per-step metrics) as tracking-service exports them. */
    @GET
    @Path("/{id}/export")
    public Uni<Response> export(@PathParam("id") String id, @QueryParam("format") @DefaultValue("csv") String format) {
        if (!format.equals("csv") && !format.equals("json")) {
            throw new FormError("format", "Use format=csv or format=json.");
        }
        return access.visible(id, identity).flatMap(job -> tracking.export(id, format))
                .map(body -> Response.ok(body, format.equals("csv") ? "text/csv" : MediaType.APPLICATION_JSON)
                        .header("Content-Disposition", "attachment; filename=\"job_" + safe(id) + "_results." + format + "\"")
                        .build());
    }

    /** The trained model file. */
    @GET
    @Path("/{id}/model")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> model(@PathParam("id") String id) {
        return access.visible(id, identity).flatMap(job -> trainer.modelFile(id))
                .map(bytes -> Response.ok(bytes, MediaType.APPLICATION_OCTET_STREAM)
                        .header("Content-Disposition", "attachment; filename=\"model_" + safe(id) + ".bin\"").build());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String safe(String name) {
        return name == null ? "dataset" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
