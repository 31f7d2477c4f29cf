package io.thunderline.ui.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.EventMessages;
import io.thunderline.support.ServiceIdentity;
import io.thunderline.ui.client.DatasetApi;
import io.thunderline.ui.client.DatasetClient;
import io.thunderline.ui.repository.JobViewRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * A submission: dataset-service stores the text as a dataset (refusing bad input with a reason), then the job is
 * requested on training.requests and shown at once in the job list.
 */
@ApplicationScoped
public class SubmissionService {
    private static final Logger LOG = Logger.getLogger(SubmissionService.class);

    private final DatasetClient datasets;
    private final MutinyEmitter<String> events;
    private final JobViewRepository jobs;
    private final ServiceIdentity identity;

    public SubmissionService(DatasetClient datasets, @Channel("events") MutinyEmitter<String> events,
                             JobViewRepository jobs, ServiceIdentity identity) {
        this.datasets = datasets;
        this.events = events;
        this.jobs = jobs;
        this.identity = identity;
    }

    public Uni<Submitted> submit(SubmissionForm form, String user) {
        ModelType modelType = parse(() -> ModelType.fromWire(form.modelType()), "modelType");
        Priority priority = form.priority() == null || form.priority().isBlank() ? Priority.NORMAL
                : parse(() -> Priority.fromWire(form.priority()), "priority");
        if (form.promptText() == null || form.promptText().isBlank()) {
            throw new FormError("promptText", "Training text is empty: type or paste examples, one per line.");
        }
        // the REST client blocks: keep it off the event loop
        return Uni.createFrom().item(() -> datasets.create(new DatasetApi.Submission(form.promptText(),
                        modelType.wireName(), user, null)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(dataset -> request(dataset, form, modelType, priority, user));
    }

    private Uni<Submitted> request(DatasetApi.Created dataset, SubmissionForm form, ModelType modelType, Priority priority,
                                   String user) {
        String jobId = UUID.randomUUID().toString();
        TrainingRequested request = new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, dataset.datasetId(),
                dataset.version(), modelType, priority, Boolean.TRUE.equals(form.useUpm()),
                !Boolean.FALSE.equals(form.trackMlflow()), form.promptText(), user, Instant.now());
        return jobs.recordSubmission(request, dataset.name())
                .flatMap(v -> events.sendMessage(EventMessages.of(identity.name(), request, jobId)))
                .invoke(() -> LOG.infof("requested job %s on dataset %s (%d examples) for %s", jobId, dataset.name(),
                        dataset.rowCount(), user))
                .replaceWith(new Submitted(jobId, dataset.datasetId(), dataset.name(), dataset.version(), dataset.rowCount()));
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String field) {
        try {
            return parser.get();
        } catch (InvalidEventException e) {
            throw new FormError(field, e.getMessage().replace("field '" + field + "' has", "Field " + field + " has"));
        }
    }
}
