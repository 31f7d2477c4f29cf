package io.thunderline.trainer.service;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.model.LanguageModel;
import io.thunderline.ml.model.LanguageModelConfig;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.trainer.repository.JobRow;

import java.util.List;

/**
 * Where phases 2-3 (architecture search, training of the best architecture) run: ml-core in this process, or the
 * remote Cerebros service. Phases 1 and 4 (load and split; held-out evaluation, model file, final metrics) always run
 * here, so a job's results are measured the same way whichever engine trained it. Progress reaches the job through
 * the same listener either way, so the updates have the same shape.
 */
interface TrainingEngine {

    /** The search's winner and what the job reports about it. */
    record ClassifierSearch(TextClassifier model, String architecture, int bestTrial, int bestEpoch,
                            double bestValidationF1, int trials, long millis) {
    }

    /** For log lines: "ml-core" or "Cerebros at http://...". */
    String describe();

    ClassifierSearch searchClassifier(JobRow job, LabeledData train, SearchSpace space, FeatureSpec features,
                                      JobProgress progress, CancellationToken cancel);

    LanguageModel trainLanguageModel(JobRow job, List<PromptResponse> train, LanguageModelConfig config,
                                     JobProgress progress, CancellationToken cancel);
}
