package io.thunderline.upm.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.eval.OnlineAccuracy;
import io.thunderline.upm.repository.FeedbackRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.service.UpmException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Online accuracy of a family's snapshot versions as agents measure it: an agent posts whether a prediction it made
 * with a version was right (agent-sdk {@code UpmAgent.feedback}); the family's view gives each version's judged and
 * right predictions with a 95 % Wilson interval, so a canary (the B of an A/B test of snapshots) can be compared
 * with the active version before it is promoted (POST /upm/snapshots/{family}/{version}/activate).
 */
@Path("/upm/families/{family}/feedback")
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {
    private final FeedbackRepository feedback;
    private final SnapshotRepository snapshots;

    public FeedbackResource(FeedbackRepository feedback, SnapshotRepository snapshots) {
        this.feedback = feedback;
        this.snapshots = snapshots;
    }

    /**
     * {@code feedbackId} is the agent's own id for this judgement (a retry sends the same one); {@code version} and
     * {@code predicted} are those of the prediction; {@code correct}, or the right {@code label}, or both.
     */
    public record FeedbackRequest(String feedbackId, String agentId, Long version, String predicted, Boolean correct,
                                  String label) {
    }

    public record Recorded(String feedbackId, long version, boolean correct, boolean recorded) {
    }

    public record VersionAccuracy(long version, String mode, String status, long judged, long correct, double accuracy,
                                  double low, double high) {
    }

    public record FamilyFeedback(ModelType family, List<VersionAccuracy> versions) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> record(@PathParam("family") String family, FeedbackRequest request,
                                @Context SecurityContext security) {
        UpmAccess.agentOrReader(Caller.of(security));
        ModelType f = Params.family(family);
        if (request == null) {
            throw UpmException.badRequest("feedbackId", "send {\"feedbackId\", \"agentId\", \"version\", \"predicted\", "
                    + "\"correct\"}");
        }
        String id = required(request.feedbackId(), "feedbackId", "the agent's id for this judgement (a UUID)");
        String agent = required(request.agentId(), "agentId", "the agent that made the prediction");
        String predicted = required(request.predicted(), "predicted", "the label the agent predicted");
        if (request.version() == null || request.version() < 1) {
            throw UpmException.badRequest("version", "version is required: the snapshot version the agent predicted with");
        }
        String label = request.label() == null || request.label().isBlank() ? null : request.label().strip();
        if (request.correct() == null && label == null) {
            throw UpmException.badRequest("correct", "send \"correct\": true or false, or the right \"label\"");
        }
        boolean correct = label == null ? request.correct() : label.equals(predicted);
        if (request.correct() != null && label != null && request.correct() != correct) {
            throw UpmException.badRequest("label", "correct is " + request.correct() + " but the right label '" + label
                    + "' " + (correct ? "is" : "is not") + " the predicted '" + predicted + "'");
        }
        long version = request.version();
        return snapshots.find(f, version).flatMap(found -> {
            if (found.isEmpty()) {
                throw new UpmException(404, "version", "no snapshot " + f.wireName() + " v" + version);
            }
            return feedback.record(new FeedbackRepository.Feedback(id, f, version, agent, predicted, correct, label));
        }).map(stored -> Response.status(stored ? 201 : 200).entity(new Recorded(id, version, correct, stored)).build());
    }

    @GET
    public Uni<FamilyFeedback> get(@PathParam("family") String family, @Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        ModelType f = Params.family(family);
        return feedback.counts(f).map(counts -> new FamilyFeedback(f, counts.stream().map(c -> {
            OnlineAccuracy a = OnlineAccuracy.of(c.correct(), c.judged());
            return new VersionAccuracy(c.version(), c.mode(), c.status(), c.judged(), c.correct(), a.accuracy(), a.low(),
                    a.high());
        }).toList()));
    }

    private static String required(String value, String field, String what) {
        if (value == null || value.isBlank()) {
            throw UpmException.badRequest(field, field + " is required: " + what);
        }
        if (value.length() > 200) {
            throw UpmException.badRequest(field, field + " is " + value.length() + " characters long; at most 200");
        }
        return value.strip();
    }
}
