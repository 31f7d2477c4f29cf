package io.thunderline.trainer.deploy;

import io.smallrye.mutiny.Uni;
import io.thunderline.ml.eval.OnlineAccuracy;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.engine.ModelCache;
import io.thunderline.trainer.repository.DeploymentRepository;
import io.thunderline.trainer.repository.DeploymentRepository.DeploymentRow;
import io.thunderline.trainer.repository.DeploymentRepository.FeedbackRow;
import io.thunderline.trainer.repository.DeploymentRepository.ModelCounts;
import io.thunderline.trainer.repository.DeploymentRepository.PredictionRow;
import io.thunderline.trainer.repository.DeploymentRepository.ServableJob;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A/B tests of trained classifiers. A deployment serves its active model (A) and, to a share of its predict calls, a
 * candidate (B); every answer is logged with the model that gave it; feedback on a prediction (right or wrong, and the
 * right label) is recorded once; the deployment's view gives each model's online accuracy with a 95 % Wilson interval;
 * promote makes B the active model at once (the next call reads the new row).
 * <p>
 * The same log serves a job asked directly (the job page's "Try it"): its predictions carry no deployment, and feedback
 * on them is recorded the same way. Predicting is blocking (the model may load, the classifier computes): callers run
 * it on a worker thread; the rest returns {@link Uni}.
 */
@ApplicationScoped
public class DeploymentService {
    /** The text kept with a logged prediction: enough to read it back, not a second copy of a large document. */
    static final int KEPT_CHARS = 2_000;
    static final int MAX_TEXT_CHARS = 100_000;
    private static final Duration DB = Duration.ofSeconds(30);

    private final Pool pool;
    private final DeploymentRepository repository;
    private final ModelCache models;

    public DeploymentService(Pool pool, DeploymentRepository repository, ModelCache models) {
        this.pool = pool;
        this.repository = repository;
        this.models = models;
    }

    /** POST /deployments: B ({@code candidateJobId}) and its share may be left out (A alone, share 0). */
    public record CreateRequest(String name, String activeJobId, String candidateJobId, Double candidateShare) {
    }

    /** A new share for B, and optionally a new B. */
    public record SplitRequest(Double candidateShare, String candidateJobId) {
    }

    /** {@code correct}, or the right {@code label} (then correct is whether the model predicted it), or both. */
    public record FeedbackRequest(Boolean correct, String label) {
    }

    /**
     * One side of a deployment and what was measured of its model through this deployment: calls answered,
     * predictions judged, judged right, online accuracy (null until something was judged) and its 95 % Wilson interval.
     */
    public record ModelVersion(String version, String jobId, long calls, long judged, long correct, Double accuracy,
                               double low, double high) {
    }

    public record DeploymentView(String id, String name, String createdBy, Instant createdAt, Instant updatedAt,
                                 double candidateShare, int promotions, Instant promotedAt, String promotedBy,
                                 ModelVersion active, ModelVersion candidate) {
    }

    /** A prediction and where it came from: feedback is given on {@code predictionId}. */
    public record Answer(String predictionId, String deploymentId, String jobId, String version, String label,
                         double probability, Map<String, Double> probabilities) {
    }

    public record FeedbackView(String predictionId, String deploymentId, String jobId, String version, String predicted,
                               boolean correct, String label, String givenBy, Instant givenAt, boolean recorded) {
    }

    /** A logged prediction with its feedback, if any (the page checks who may judge it from its job or deployment). */
    public record PredictionView(String predictionId, String deploymentId, String jobId, String version, String label,
                                 double probability, String askedBy, Instant createdAt, FeedbackRow feedback) {
    }

    public Uni<DeploymentView> create(CreateRequest request, String user) {
        if (request == null) {
            throw new ProblemException(400, "activeJobId", "send {\"activeJobId\": \"...\", \"candidateJobId\": \"...\", "
                    + "\"candidateShare\": 0.2}");
        }
        String active = required(request.activeJobId(), "activeJobId", "the completed classification job that answers "
                + "by default (A)");
        String candidate = blank(request.candidateJobId()) ? null : request.candidateJobId().strip();
        double share = share(request.candidateShare() == null ? 0.0 : request.candidateShare(), candidate);
        if (active.equals(candidate)) {
            throw new ProblemException(400, "candidateJobId", "candidateJobId is the active job " + active
                    + ": an A/B test compares two different models");
        }
        String name = blank(request.name()) ? "A/B test of " + shortId(active) : request.name().strip();
        if (name.length() > 200) {
            throw new ProblemException(400, "name", "name is " + name.length() + " characters long; keep it under 200");
        }
        List<String> ids = candidate == null ? List.of(active) : List.of(active, candidate);
        return checkServable(ids, candidate == null ? List.of("activeJobId") : List.of("activeJobId", "candidateJobId"))
                .flatMap(ok -> pool.withTransaction(tx -> repository.insert(tx, UUID.randomUUID().toString(), name, active,
                        candidate, share, user)))
                .flatMap(row -> view(row.id()));
    }

    public Uni<List<DeploymentView>> list(String createdBy) {
        return repository.list(pool, blank(createdBy) ? null : createdBy).flatMap(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(List.<DeploymentView>of());
            }
            List<Uni<DeploymentView>> views = new ArrayList<>();
            rows.forEach(r -> views.add(repository.counts(pool, r.id()).map(c -> view(r, c))));
            return Uni.join().all(views).andFailFast();
        });
    }

    public Uni<DeploymentView> view(String id) {
        return repository.find(pool, id).map(found -> found.orElseThrow(() -> notFound(id)))
                .flatMap(row -> repository.counts(pool, id).map(c -> view(row, c)));
    }

    public Uni<DeploymentView> split(String id, SplitRequest request) {
        if (request == null || request.candidateShare() == null) {
            throw new ProblemException(400, "candidateShare", "send {\"candidateShare\": 0.2}: the share of predict calls "
                    + "the candidate (B) answers, from 0 to 1");
        }
        String newCandidate = request == null || blank(request.candidateJobId()) ? null : request.candidateJobId().strip();
        Uni<Void> checked = newCandidate == null ? Uni.createFrom().voidItem()
                : checkServable(List.of(newCandidate), List.of("candidateJobId"));
        return checked.flatMap(ok -> pool.withTransaction(tx -> repository.lock(tx, id).flatMap(found -> {
            DeploymentRow d = found.orElseThrow(() -> notFound(id));
            String candidate = newCandidate != null ? newCandidate : d.candidateJobId();
            if (d.activeJobId().equals(candidate)) {
                throw new ProblemException(400, "candidateJobId", "job " + candidate + " is already the active model (A) "
                        + "of this deployment: pick another one as B");
            }
            return repository.update(tx, id, d.activeJobId(), candidate, share(request.candidateShare(), candidate));
        }))).flatMap(row -> view(id));
    }

    /** B becomes the active model; the former A stays as B with share 0, so promoting again undoes it. */
    public Uni<DeploymentView> promote(String id, String user) {
        return pool.withTransaction(tx -> repository.lock(tx, id).flatMap(found -> {
            DeploymentRow d = found.orElseThrow(() -> notFound(id));
            if (d.candidateJobId() == null) {
                throw new ProblemException(409, "candidateJobId", "deployment " + id + " has no candidate (B) to promote: "
                        + "set one first (POST /deployments/" + id + "/split {\"candidateJobId\", \"candidateShare\"})");
            }
            return repository.promote(tx, id, user);
        })).flatMap(row -> view(id));
    }

    /** Blocking. One call answered by A or B as the split draws, logged with the model that answered. */
    public Answer predict(String deploymentId, String text, String key, String user) {
        checkText(text);
        DeploymentRow d = repository.find(pool, deploymentId).await().atMost(DB).orElseThrow(() -> notFound(deploymentId));
        AbSplit.Arm arm = d.candidateJobId() == null ? AbSplit.Arm.A
                : AbSplit.choose(d.candidateShare(), AbSplit.draw(deploymentId, key));
        String jobId = arm == AbSplit.Arm.A ? d.activeJobId() : d.candidateJobId();
        Prediction p = classifier(jobId).predict(text);
        PredictionRow logged = log(deploymentId, jobId, arm.name(), text, p, user);
        return new Answer(logged.id(), deploymentId, jobId, arm.name(), p.label(), p.probability(), p.probabilities());
    }

    /** Blocking. A job's classifier asked directly ("Try it"), logged so that feedback can be given on it. */
    public Answer predictJob(String jobId, TextClassifier classifier, String text, String user) {
        Prediction p = classifier.predict(text);
        PredictionRow logged = log(null, jobId, null, text, p, user);
        return new Answer(logged.id(), null, jobId, null, p.label(), p.probability(), p.probabilities());
    }

    public Uni<PredictionView> prediction(String predictionId) {
        return repository.prediction(pool, predictionId).map(found -> found.orElseThrow(() -> noPrediction(predictionId)))
                .flatMap(p -> repository.storedFeedback(pool, predictionId).map(f -> new PredictionView(p.id(),
                        p.deploymentId(), p.jobId(), p.arm(), p.label(), p.probability(), p.askedBy(), p.createdAt(),
                        f.orElse(null))));
    }

    /**
     * Records feedback on a prediction once. The same feedback again is answered with what is stored (recorded false);
     * different feedback on a judged prediction is a 409 naming what is stored: a judgement is not overwritten, so the
     * counts cannot be moved after the fact by repeating a call.
     */
    public Uni<FeedbackView> feedback(String predictionId, FeedbackRequest request, String user) {
        if (request == null || (request.correct() == null && blank(request.label()))) {
            throw new ProblemException(400, "correct", "send {\"correct\": true}, {\"correct\": false} or "
                    + "{\"label\": \"the right label\"}");
        }
        String label = blank(request.label()) ? null : request.label().strip();
        if (label != null && label.length() > 200) {
            throw new ProblemException(400, "label", "label is " + label.length() + " characters long; a label has at most 200");
        }
        return repository.prediction(pool, predictionId).map(found -> found.orElseThrow(() -> noPrediction(predictionId)))
                .flatMap(p -> {
                    boolean correct = correct(p.label(), request.correct(), label);
                    FeedbackRow wanted = new FeedbackRow(predictionId, correct, label, user, null);
                    return pool.withTransaction(tx -> repository.feedback(tx, wanted)
                                    .flatMap(inserted -> repository.storedFeedback(tx, predictionId)
                                            .map(stored -> Map.entry(inserted, stored.orElseThrow()))))
                            .map(result -> {
                                FeedbackRow stored = result.getValue();
                                if (!result.getKey() && (stored.correct() != correct || !Objects.equals(stored.label(), label))) {
                                    throw new ProblemException(409, label != null ? "label" : "correct", "prediction "
                                            + predictionId + " was already judged " + judgement(stored) + " by "
                                            + stored.givenBy() + " at " + stored.givenAt() + "; feedback on a prediction "
                                            + "is recorded once");
                                }
                                return new FeedbackView(predictionId, p.deploymentId(), p.jobId(), p.arm(), p.label(),
                                        stored.correct(), stored.label(), stored.givenBy(), stored.givenAt(), result.getKey());
                            });
                });
    }

    /** Whether the feedback says the model was right; a right label and a "correct" that contradict it are refused. */
    static boolean correct(String predicted, Boolean said, String label) {
        if (label == null) {
            return said;
        }
        boolean matches = label.equals(predicted);
        if (said != null && said != matches) {
            throw new ProblemException(400, "label", said
                    ? "correct is true but the right label '" + label + "' is not the predicted '" + predicted + "'"
                    : "correct is false but the right label '" + label + "' is what the model predicted");
        }
        return matches;
    }

    private static String judgement(FeedbackRow f) {
        return (f.correct() ? "correct" : "wrong") + (f.label() == null ? "" : " (right label '" + f.label() + "')");
    }

    static DeploymentView view(DeploymentRow d, List<ModelCounts> counts) {
        return new DeploymentView(d.id(), d.name(), d.createdBy(), d.createdAt(), d.updatedAt(), d.candidateShare(),
                d.promotions(), d.promotedAt(), d.promotedBy(), version("A", d.activeJobId(), counts),
                d.candidateJobId() == null ? null : version("B", d.candidateJobId(), counts));
    }

    static ModelVersion version(String side, String jobId, List<ModelCounts> counts) {
        ModelCounts c = counts.stream().filter(x -> x.jobId().equals(jobId)).findFirst()
                .orElse(new ModelCounts(jobId, 0, 0, 0));
        OnlineAccuracy a = OnlineAccuracy.of(c.correct(), c.judged());
        return new ModelVersion(side, jobId, c.calls(), c.judged(), c.correct(), c.judged() == 0 ? null : a.accuracy(),
                a.low(), a.high());
    }

    private PredictionRow log(String deploymentId, String jobId, String arm, String text, Prediction p, String user) {
        String kept = text.length() > KEPT_CHARS ? text.substring(0, KEPT_CHARS) : text;
        PredictionRow row = new PredictionRow(UUID.randomUUID().toString(), deploymentId, jobId, arm, kept, p.label(),
                p.probability(), user, null);
        return pool.withTransaction(tx -> repository.log(tx, row)).await().atMost(DB);
    }

    private TextClassifier classifier(String jobId) {
        if (models.get(jobId) instanceof TextClassifier classifier) {
            return classifier;
        }
        throw new ProblemException(409, null, "job " + jobId + " has no classifier: A/B deployments serve text "
                + "classification and sentiment models");
    }

    /** Every job exists, completed and stored a classifier; otherwise a problem naming the request field. */
    private Uni<Void> checkServable(List<String> jobIds, List<String> fields) {
        return repository.servable(pool, jobIds).map(found -> {
            for (int i = 0; i < jobIds.size(); i++) {
                String id = jobIds.get(i);
                String field = fields.get(i);
                ServableJob job = found.stream().filter(j -> j.jobId().equals(id)).findFirst()
                        .orElseThrow(() -> new ProblemException(404, field, "there is no job " + id));
                if (!"completed".equals(job.status())) {
                    throw new ProblemException(409, field, "job " + id + " is " + job.status()
                            + ": a deployment serves the model of a completed job");
                }
                if (!"classifier".equals(job.modelKind())) {
                    throw new ProblemException(400, field, "job " + id + " trained " + job.modelType()
                            + " (no classifier): A/B deployments compare text classification and sentiment models");
                }
            }
            return null;
        });
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new ProblemException(400, "text", "field 'text' is empty: send {\"text\": \"something to classify\"}");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new ProblemException(400, "text", "text is " + text.length() + " characters long; at most "
                    + MAX_TEXT_CHARS);
        }
    }

    private static double share(double share, String candidate) {
        if (!(share >= 0 && share <= 1)) {
            throw new ProblemException(400, "candidateShare", "candidateShare is " + share + "; give the share of calls "
                    + "B answers as a number from 0 to 1 (0.2 = one call in five)");
        }
        if (share > 0 && candidate == null) {
            throw new ProblemException(400, "candidateShare", "candidateShare is " + share + " but there is no candidate "
                    + "(B): name one in candidateJobId, or set the share to 0");
        }
        return share;
    }

    private static String required(String value, String field, String what) {
        if (blank(value)) {
            throw new ProblemException(400, field, field + " is required: " + what);
        }
        return value.strip();
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, null, "there is no deployment " + id);
    }

    private static ProblemException noPrediction(String id) {
        return new ProblemException(404, null, "there is no prediction " + id);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
