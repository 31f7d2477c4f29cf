package io.thunderline.trainer.engine;

import io.thunderline.contracts.EventCodec;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.eval.Evaluation;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.train.ClassifierTraining;
import io.thunderline.trainer.config.SearchSettings;
import io.thunderline.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text classification and sentiment: ml-core's {@link ClassifierTraining} (encoder choice, search on the job's
 * engine, honest evaluation) with the job's settings, progress and model file.
 */
@ApplicationScoped
public class ClassificationTraining {

    private final TrainerConfig config;
    private final TrainingEngine engine;

    public ClassificationTraining(TrainerConfig config, TrainingEngine engine) {
        this.config = config;
        this.engine = engine;
    }

    public TrainingOutcome train(TrainingJob job, LabeledData data, TrainingListener progress, CancellationToken cancel) {
        ClassifierTraining.Searcher onEngine = (train, space, features, encoder, listener, c) ->
                engine.searchClassifier(job, train, space, features, encoder, listener, c);
        ClassifierTraining.Result result = new ClassifierTraining(settings(data.size()), onEngine, ClassifierTraining.Searcher.LOCAL)
                .train(data, progress, cancel);

        Map<String, String> params = new LinkedHashMap<>(result.params());
        params.put("engine", engine.describe());
        params.put("confusion_matrix", confusionJson(result.evaluation()));
        return new TrainingOutcome(TrainingListener.finite(result.metrics()), params, result.summary(), "classifier",
                TrainingOutcome.modelFile(result.model()));
    }

    ClassifierTraining.Settings settings(int examples) {
        SearchSettings search = config.search();
        int hashDims = search.hashDims() > 0 ? search.hashDims() : ClassifierTraining.Settings.hashDims(examples);
        return new ClassifierTraining.Settings(space(), FeatureSpec.classifierDefaults().withHashDims(hashDims),
                search.encoder(), search.budget().toMillis(), search.crossValidationBelow(), search.folds(),
                search.heldOutFraction(), search.seed());
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
}
