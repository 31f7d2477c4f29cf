package io.thunderline.ui.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.Outbox;
import io.thunderline.ui.client.DatasetApi;
import io.thunderline.ui.client.DatasetClient;
import io.thunderline.ui.config.UiConfig;
import io.thunderline.ui.repository.JobViewRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A submission: dataset-service stores the text (or the uploaded CSV) as a dataset, refusing bad input with a reason;
 * then, in one transaction, the job is listed and its request written to the outbox, from which the relay sends it
 * to training.requests. No dual write: a broker that is down delays the request but cannot lose it, and the page
 * never lists a job that was not requested. Nothing is requested for bad input.
 */
@ApplicationScoped
public class SubmissionService {
    private static final Logger LOG = Logger.getLogger(SubmissionService.class);

    private final DatasetClient datasets;
    private final Pool pool;
    private final Outbox outbox;
    private final JobViewRepository jobs;
    private final JobOwners owners;
    private final int maxChars;

    public SubmissionService(DatasetClient datasets, Pool pool, Outbox outbox, JobViewRepository jobs, JobOwners owners,
                             UiConfig config) {
        this.datasets = datasets;
        this.pool = pool;
        this.outbox = outbox;
        this.jobs = jobs;
        this.owners = owners;
        this.maxChars = config.maxPromptChars();
    }

    /** Why "Use UPM" is off for language models (also shown next to the toggle). */
    public static final String UPM_ONLY_CLASSIFIERS = "UPM's online learner is a classifier: it learns from text "
            + "classification and sentiment analysis jobs only.";

    /** The options of a submission, checked. */
    record Options(ModelType modelType, Priority priority, boolean useUpm, boolean trackMlflow) {
    }

    public Uni<Submitted> submit(SubmissionForm form, String user) {
        Options options = options(form.modelType(), form.priority(), form.useUpm(), form.trackMlflow());
        String text = form.promptText();
        if (text == null || text.isBlank()) {
            throw new FormError("promptText", "Training text is empty: type or paste examples, one per line "
                    + "(e.g. \"I love this product!\" -> positive), or upload a CSV file.");
        }
        if (text.length() > maxChars) {
            throw new FormError("promptText", "Training text has " + text.length() + " characters; the limit is "
                    + maxChars + ". Shorten it or upload the examples as a CSV file.");
        }
        TextChecks.refuseBinary(text, "promptText");
        String source = form.datasetSource(); // "auto-label" when it holds lines whose labels the user accepted
        return datasets.create(new DatasetApi.Submission(text, options.modelType().wireName(), user,
                        "Training dataset from prompt submission", source, form.targetDataset()))
                .flatMap(dataset -> request(dataset, options, text, user));
    }

    /** Batch submission: a CSV file of examples instead of the text area. */
    public Uni<Submitted> submitCsv(String fileName, byte[] content, String modelType, String priority, Boolean useUpm,
                                    Boolean trackMlflow, String user) {
        Options options = options(modelType, priority, useUpm, trackMlflow);
        if (content == null || content.length == 0) {
            throw new FormError("file", "The CSV file is empty: choose a file with a header line and one example per line.");
        }
        TextChecks.refuseBinary(content, "file");
        String name = fileName == null || fileName.isBlank() ? "examples.csv" : fileName;
        ClientMultipartForm upload = ClientMultipartForm.create()
                .binaryFileUpload("file", name, io.vertx.core.buffer.Buffer.buffer(content), "text/csv")
                .attribute("modelType", options.modelType().wireName(), null)
                .attribute("createdBy", user, null);
        String preview = new String(content, 0, Math.min(content.length, 400), java.nio.charset.StandardCharsets.UTF_8);
        return datasets.upload(upload).flatMap(dataset -> request(dataset, options, preview, user));
    }

    private Uni<Submitted> request(DatasetApi.Created dataset, Options options, String text, String user) {
        String jobId = UUID.randomUUID().toString();
        TrainingRequested request = new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, dataset.datasetId(),
                dataset.version(), options.modelType(), options.priority(), options.useUpm(), options.trackMlflow(),
                text, user, Instant.now());
        // the owner is known to the stream before any update can come (an update follows the request)
        owners.put(jobId, user);
        return pool.withTransaction(tx -> jobs.recordSubmission(tx, request, dataset.name())
                        .flatMap(v -> outbox.append(tx, request, jobId)))
                .invoke(() -> LOG.infof("requested job %s on dataset %s v%d (%d examples) for %s", jobId, dataset.name(),
                        dataset.version(), dataset.rowCount(), user))
                .replaceWith(new Submitted(jobId, dataset.datasetId(), dataset.name(), dataset.version(), dataset.rowCount(),
                        options.modelType().wireName(), options.priority().wireName(), request.requestedAt().toString()));
    }

    static Options options(String modelType, String priority, Boolean useUpm, Boolean trackMlflow) {
        if (modelType == null || modelType.isBlank()) {
            throw new FormError("modelType", "Choose a model type: text_classification, sentiment_analysis, "
                    + "instruction_following or general_chat.");
        }
        ModelType type = parse(() -> ModelType.fromWire(modelType), "modelType");
        Priority p = priority == null || priority.isBlank() ? Priority.NORMAL : parse(() -> Priority.fromWire(priority), "priority");
        boolean upm = Boolean.TRUE.equals(useUpm);
        if (upm && !type.classification()) {
            throw new FormError("useUpm", UPM_ONLY_CLASSIFIERS + " Switch \"Use UPM\" off to train a " + type.label().toLowerCase()
                    + " model.");
        }
        return new Options(type, p, upm, !Boolean.FALSE.equals(trackMlflow));
    }

    private static <T> T parse(Supplier<T> parser, String field) {
        try {
            return parser.get();
        } catch (InvalidEventException e) {
            throw new FormError(field, e.getMessage().replace("field '" + field + "' has", "Field " + field + " has"));
        }
    }
}
