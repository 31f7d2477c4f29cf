package io.thunderline.trainer.assist;

import io.thunderline.contracts.ModelType;
import io.thunderline.ml.assist.ClassificationAdvisor;
import io.thunderline.ml.assist.LabelProposer;
import io.thunderline.ml.assist.PairAdvisor;
import io.thunderline.ml.assist.Suggestion;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.engine.ModelCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Help before and around training, from the pretrained sentence encoder or a trained job's model: label proposals
 * for unlabelled lines, and suggestions that improve a prompt. Blocking (encoding, fitting): callers run it on a
 * worker thread.
 */
@ApplicationScoped
public class AssistService {
    /** More lines than this in one call would keep a worker busy for minutes. */
    static final int MAX_LINES = 5_000;

    private final ModelCache models;
    private final SentenceEncoder encoder;

    @Inject
    public AssistService(ModelCache models) {
        this(models, MiniLmEncoder.shared());
    }

    AssistService(ModelCache models, SentenceEncoder encoder) {
        this.models = models;
        this.encoder = encoder;
    }

    /** Where the proposals came from: the labelled lines (calibrated) or a trained job's model. */
    public record Proposals(String source, Double temperature, boolean calibrated, List<LabelProposer.Proposal> proposals) {
    }

    public Proposals propose(LabeledData labelled, List<String> unlabelled, String jobId) {
        requireSize("unlabelled", unlabelled.size());
        if (unlabelled.isEmpty()) {
            throw new ProblemException(400, "unlabelled", "field 'unlabelled' is empty: send the lines to label");
        }
        if (jobId != null && !jobId.isBlank()) {
            return fromModel(jobId, unlabelled);
        }
        requireSize("labelled", labelled.size());
        if (labelled.labelSet().size() < 2) {
            throw new ProblemException(400, "labelled", "auto-labelling needs labelled lines of at least 2 labels (got "
                    + labelled.labelSet().size() + "), or a trained job's id in 'jobId'");
        }
        LabelProposer.Proposals p = new LabelProposer(encoder).propose(labelled, unlabelled);
        return new Proposals("labelled lines", p.temperature(), p.calibrated(), p.proposals());
    }

    private Proposals fromModel(String jobId, List<String> unlabelled) {
        if (!(models.get(jobId) instanceof TextClassifier classifier)) {
            throw new ProblemException(400, "jobId", "job " + jobId + " trained a language model, not a classifier: "
                    + "pick a classification or sentiment job");
        }
        List<LabelProposer.Proposal> out = new ArrayList<>();
        for (int i = 0; i < unlabelled.size(); i++) {
            Prediction p = classifier.predict(unlabelled.get(i));
            List<LabelProposer.Scored> ranked = p.probabilities().entrySet().stream()
                    .map(e -> new LabelProposer.Scored(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingDouble(LabelProposer.Scored::probability).reversed()).toList();
            out.add(new LabelProposer.Proposal(i, unlabelled.get(i), p.label(), p.probability(), ranked));
        }
        out.sort(Comparator.comparingDouble(LabelProposer.Proposal::confidence).reversed()
                .thenComparingInt(LabelProposer.Proposal::index));
        return new Proposals("job " + jobId, null, false, out);
    }

    public List<Suggestion> suggest(ModelType type, LabeledData labelled, List<PromptResponse> pairs) {
        if (type.classification()) {
            requireSize("examples", labelled.size());
            return new ClassificationAdvisor(encoder).check(labelled);
        }
        requireSize("pairs", pairs.size());
        return new PairAdvisor(encoder).check(pairs);
    }

    private static void requireSize(String field, int n) {
        if (n > MAX_LINES) {
            throw new ProblemException(413, field, "field '" + field + "' has " + n + " lines; at most " + MAX_LINES
                    + " per call: send them in parts");
        }
    }
}
