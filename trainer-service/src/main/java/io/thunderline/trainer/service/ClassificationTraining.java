package io.thunderline.trainer.service;

import io.thunderline.contracts.EventCodec;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedSplit;
import io.thunderline.ml.eval.Evaluation;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.repository.JobRow;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text classification and sentiment: NAS over the training split, evaluation on held-out examples. */
@ApplicationScoped
public class ClassificationTraining {
    /** Below this many examples in some class there is nothing to hold out without starving training. */
    static final int MIN_PER_CLASS_FOR_HELD_OUT = 3;

    private final TrainerConfig config;

    public ClassificationTraining(TrainerConfig config) {
        this.config = config;
    }

    TrainingOutcome train(JobRow job, LabeledData data, JobProgress progress, CancellationToken cancel,
                          FeatureWindows.Sink windows, TrainingEngine engine) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        data.labels().forEach(l -> counts.merge(l, 1, Integer::sum));
        int smallest = Collections.min(counts.values());
        boolean holdOut = smallest >= MIN_PER_CLASS_FOR_HELD_OUT;
        LabeledData train = data;
        LabeledData heldOut = null;
        if (holdOut) {
            StratifiedSplit.Parts parts = Evaluation.stratifiedSplit(data, config.search().heldOutFraction(), config.search().seed());
            train = parts.train();
            heldOut = parts.heldOut();
        }
        FeatureSpec features = FeatureSpec.defaults().withHashDims(hashDims(data.size()));
        SearchSpace space = space();
        progress.phase(1, String.format("%d examples, %d labels %s; %s", data.size(), counts.size(), counts,
                        holdOut ? train.size() + " for training, " + heldOut.size() + " held out for evaluation"
                                : "too few examples per class to hold some out (need " + MIN_PER_CLASS_FOR_HELD_OUT
                                + " per class): the final metrics are measured on the training data"),
                Map.of("examples", Integer.toString(data.size()), "labels", String.join(",", counts.keySet()),
                        "hash_dims", Integer.toString(features.hashDims()), "search", space.toString()));
        windows.publish(train);

        TrainingEngine.ClassifierSearch result = engine.searchClassifier(job, train, space, features, progress, cancel);

        LabeledData evaluated = holdOut ? heldOut : train;
        String prefix = holdOut ? "" : "train_";
        progress.phase(4, "evaluating on " + evaluated.size() + (holdOut ? " held-out" : " training") + " examples",
                Map.of("architecture", result.architecture()));
        Evaluation evaluation = Evaluation.evaluate(result.model(), evaluated);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "accuracy", evaluation.accuracy());
        metrics.put(prefix + "f1", evaluation.macroF1());
        metrics.put(prefix + "loss", evaluation.loss());
        evaluation.perClass().forEach((label, m) -> {
            metrics.put(prefix + "precision_" + label, m.precision());
            metrics.put(prefix + "recall_" + label, m.recall());
        });
        metrics.put("best_trial_val_f1", result.bestValidationF1());
        metrics.put("evaluated_examples", (double) evaluated.size());

        Map<String, String> params = new LinkedHashMap<>();
        params.put("architecture", result.architecture());
        params.put("best_trial", Integer.toString(result.bestTrial()));
        params.put("best_epoch", Integer.toString(result.bestEpoch()));
        params.put("trials", Integer.toString(result.trials()));
        params.put("search_millis", Long.toString(result.millis()));
        params.put("engine", engine.describe());
        params.put("confusion_matrix", confusionJson(evaluation));
        params.put("evaluated_on", holdOut ? "held_out" : "training_data");

        String summary = String.format("%s %.3f, macro F1 %.3f on %d %s examples", holdOut ? "accuracy" : "training accuracy",
                evaluation.accuracy(), evaluation.macroF1(), evaluated.size(), holdOut ? "held-out" : "training");
        return new TrainingOutcome(JobProgress.finite(metrics), params, summary, "classifier",
                TrainingOutcome.modelFile(result.model()));
    }

    private static String confusionJson(Evaluation evaluation) {
        Map<String, Object> matrix = new LinkedHashMap<>();
        matrix.put("labels", evaluation.labels());
        matrix.put("matrix", evaluation.confusion());
        try {
            return EventCodec.mapper().writeValueAsString(matrix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    SearchSpace space() {
        SearchSpace.Builder b = SearchSpace.defaults().toBuilder().seed(config.search().seed());
        config.search().moieties().ifPresent(b::moieties);
        config.search().tries().ifPresent(b::tries);
        config.search().epochs().ifPresent(b::epochs);
        return b.build();
    }

    int hashDims(int examples) {
        if (config.search().hashDims() > 0) {
            return config.search().hashDims();
        }
        // the first layer is hashDims × inputWidth weights: small data gets a small model file
        return examples < 1_000 ? 1 << 14 : examples < 20_000 ? 1 << 16 : 1 << 18;
    }

}
