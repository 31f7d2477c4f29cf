package io.thunderline.trainer.rest;

import io.smallrye.common.annotation.Blocking;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.assist.Suggestion;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.assist.AssistService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

import java.util.List;

/** Auto-labelling and prompt suggestions (the page's "propose labels" and the preview's suggestions). */
@Path("/assist")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AssistResource {
    private final AssistService assist;
    private final Ownership owners;

    public AssistResource(AssistService assist, Ownership owners) {
        this.owners = owners;
        this.assist = assist;
    }

    public record Example(String text, String label) {
    }

    public record Pair(String prompt, String response) {
    }

    /** {@code labelled} lines teach the proposals unless {@code jobId} names a trained classifier to ask instead. */
    public record LabelsRequest(List<Example> labelled, List<String> unlabelled, String jobId) {
    }

    public record SuggestionsRequest(String modelType, List<Example> examples, List<Pair> pairs) {
    }

    public record SuggestionsResponse(int checked, List<Suggestion> suggestions) {
    }

    @POST
    @Path("/labels")
    @Blocking
    public AssistService.Proposals labels(LabelsRequest request, @Context SecurityContext security) {
        Caller caller = Ownership.person(Caller.of(security));
        if (request != null && request.jobId() != null && !request.jobId().isBlank()) {
            // labels proposed by a trained classifier: the caller's own job (or an admin's pick)
            owners.mayUseJob(request.jobId().strip(), caller, "jobId").await().atMost(java.time.Duration.ofSeconds(10));
        }
        if (request == null) {
            throw new ProblemException(400, "body", "send {\"labelled\": [{\"text\", \"label\"}], \"unlabelled\": [\"...\"]}");
        }
        List<String> unlabelled = request.unlabelled() == null ? List.of() : request.unlabelled();
        return assist.propose(labelled(request.labelled(), "labelled"), unlabelled, request.jobId());
    }

    @POST
    @Path("/suggestions")
    @Blocking
    public SuggestionsResponse suggestions(SuggestionsRequest request, @Context SecurityContext security) {
        Ownership.person(Caller.of(security));
        if (request == null || request.modelType() == null) {
            throw new ProblemException(400, "modelType", "field 'modelType' is missing: one of "
                    + List.of(ModelType.values()).stream().map(ModelType::wireName).toList());
        }
        ModelType type;
        try {
            type = ModelType.fromWire(request.modelType());
        } catch (io.thunderline.contracts.InvalidEventException e) {
            throw new ProblemException(400, "modelType", e.getMessage());
        }
        if (type.classification()) {
            LabeledData data = labelled(request.examples(), "examples");
            return new SuggestionsResponse(data.size(), assist.suggest(type, data, List.of()));
        }
        List<PromptResponse> pairs = new java.util.ArrayList<>();
        List<Pair> given = request.pairs() == null ? List.of() : request.pairs();
        for (int i = 0; i < given.size(); i++) {
            Pair p = given.get(i);
            if (p == null || p.prompt() == null || p.response() == null) {
                throw new ProblemException(400, "pairs[" + i + "]", "pair " + i + " needs a prompt and a response");
            }
            pairs.add(new PromptResponse(p.prompt(), p.response()));
        }
        return new SuggestionsResponse(pairs.size(), assist.suggest(type, new LabeledData(List.of(), List.of()), pairs));
    }

    private static LabeledData labelled(List<Example> examples, String field) {
        List<Example> given = examples == null ? List.of() : examples;
        List<String> texts = new java.util.ArrayList<>();
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Example e = given.get(i);
            if (e == null || e.text() == null || e.text().isBlank() || e.label() == null || e.label().isBlank()) {
                throw new ProblemException(400, field + "[" + i + "]", "line " + i + " of '" + field
                        + "' needs a text and a label");
            }
            texts.add(e.text());
            labels.add(e.label());
        }
        return new LabeledData(texts, labels);
    }
}
