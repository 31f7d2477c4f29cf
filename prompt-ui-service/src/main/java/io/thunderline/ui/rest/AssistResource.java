package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.support.client.Refused;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.ui.client.TrainerApi;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.FormError;
import io.thunderline.ui.service.PromptAssist;
import io.thunderline.ui.service.TextChecks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The training prompt page's assistant (trainer-service /assist): suggestions that improve the prompt before it is
 * submitted, and proposed labels for unlabelled lines, learnt from the prompt's labelled lines or asked of one of the
 * viewer's completed classifiers. Every call needs a signed-in user; a job must be the viewer's own (an admin may use
 * any). Answers name lines of the text area; refusals are problems naming the page's field.
 */
@Path("/api/assist")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AssistResource {
    private final TrainerClient trainer;
    private final JobAccess access;
    private final SecurityIdentity identity;

    public AssistResource(TrainerClient trainer, JobAccess access, SecurityIdentity identity) {
        this.trainer = trainer;
        this.access = access;
        this.identity = identity;
    }

    /** The text area and its model type. */
    public record SuggestionsForm(String text, String modelType) {
    }

    /**
     * Lines to label ({@code unlabelled}, one text each), taught by the labelled lines of {@code text} or, when
     * {@code jobId} is given, by that completed classification job's model.
     */
    public record LabelsForm(String text, String modelType, List<String> unlabelled, String jobId) {
    }

    /**
     * The proposals, most confident first; {@code labels} are the labels a line can be given (the prompt's, or the
     * job model's), {@code source} says which taught them.
     */
    public record LabelProposals(String source, boolean calibrated, List<String> labels,
                                 List<TrainerApi.Proposal> proposals) {
    }

    @POST
    @Path("/suggestions")
    public Uni<PromptAssist.PageSuggestions> suggestions(SuggestionsForm form) {
        Viewer.of(identity);
        if (form == null) {
            throw new FormError("modelType", "Send the training text and its model type: {\"text\", \"modelType\"}.");
        }
        ModelType type = modelType(form.modelType());
        TextChecks.refuseBinary(form.text(), "promptText");
        PromptAssist.Parsed parsed = PromptAssist.parse(form.text(), type);
        TrainerApi.SuggestionsRequest request = type.classification()
                ? new TrainerApi.SuggestionsRequest(type.wireName(), parsed.examples(), null)
                : new TrainerApi.SuggestionsRequest(type.wireName(), null, parsed.pairs());
        return trainer.suggestions(request).onFailure(Refused.class).transform(e -> pageField((Refused) e))
                .map(found -> PromptAssist.toPage(parsed, found));
    }

    @POST
    @Path("/labels")
    public Uni<LabelProposals> labels(LabelsForm form) {
        Viewer viewer = Viewer.of(identity);
        if (form == null) {
            throw new FormError("unlabelled", "Send the lines to label: {\"unlabelled\": [\"...\"], \"text\": \"...\"}.");
        }
        List<String> lines = PromptAssist.unlabelled(form.unlabelled());
        if (form.jobId() != null && !form.jobId().isBlank()) {
            String jobId = form.jobId().strip();
            return access.visible(jobId, identity)
                    .onFailure(JobAccess.NotYours.class).transform(e -> new ProblemException(404, "jobId",
                            "No job " + jobId + " of yours (signed in as " + viewer.name() + "): pick one of your "
                                    + "completed classification jobs."))
                    .flatMap(job -> {
                        if (!"completed".equals(job.status())) {
                            throw new FormError("jobId", "Job " + jobId + " is " + job.status()
                                    + ": its model proposes labels once the job has completed.");
                        }
                        if (job.languageModel()) {
                            throw new FormError("jobId", "Job " + jobId + " trained a language model ("
                                    + job.modelType() + "): pick a text classification or sentiment analysis job.");
                        }
                        return trainer.proposeLabels(new TrainerApi.LabelsRequest(List.of(), lines, jobId));
                    })
                    .onFailure(Refused.class).transform(e -> pageField((Refused) e))
                    .map(p -> new LabelProposals(p.source(), p.calibrated(), PromptAssist.labelsOf(p), p.proposals()));
        }
        ModelType type = modelType(form.modelType());
        if (!type.classification()) {
            throw new FormError("modelType", "Auto-labelling proposes labels for text classification and sentiment "
                    + "analysis; " + type.wireName() + " has no labels.");
        }
        TextChecks.refuseBinary(form.text(), "promptText");
        PromptAssist.Parsed parsed = PromptAssist.parse(form.text(), type);
        List<String> labels = parsed.labels();
        if (labels.size() < 2) {
            throw new FormError("promptText", "Auto-labelling learns from your labelled lines: the training text "
                    + "needs lines of at least 2 labels (it has " + labels.size() + (labels.isEmpty() ? ""
                    : ": " + labels.get(0)) + "), or pick one of your completed classification jobs.");
        }
        return trainer.proposeLabels(new TrainerApi.LabelsRequest(parsed.examples(), lines, null))
                .onFailure(Refused.class).transform(e -> pageField((Refused) e))
                .map(p -> new LabelProposals(p.source(), p.calibrated(), labels, p.proposals()));
    }

    private static ModelType modelType(String wire) {
        if (wire == null || wire.isBlank()) {
            throw new FormError("modelType", "Choose a model type.");
        }
        try {
            return ModelType.fromWire(wire.strip());
        } catch (InvalidEventException e) {
            throw new FormError("modelType", "Unknown model type '" + wire + "': choose one of the list.");
        }
    }

    /** The trainer names its own fields (labelled, examples[3], pairs[0]); the page knows them as the text area. */
    static Refused pageField(Refused refused) {
        String field = refused.field();
        if (field != null && (field.startsWith("labelled") || field.startsWith("examples") || field.startsWith("pairs"))) {
            return refused.forField("promptText");
        }
        return refused;
    }
}
