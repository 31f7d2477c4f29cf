package io.thunderline.trainer.engine;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.SearchResult;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;

/**
 * Where phases 2-3 of a classification job (architecture search, training of the best architecture) run: ml-core in this process, or the
 * remote Cerebros service. Phases 1 and 4 (load and split; held-out evaluation, model file, final metrics) always run
 * here, so a job's results are measured the same way whichever engine trained it. Progress reaches the job through
 * the same listener either way, so the updates have the same shape.
 */
public interface TrainingEngine {

    /** For log lines: "ml-core" or "Cerebros at http://...". */
    String describe();

    /**
     * Phases 2-3 for a classifier. {@code encoder} (may be null) is the pretrained sentence encoder the
     * search may use; {@code listener} receives trials and epochs (a silent one for cross-validation folds).
     */
    SearchResult searchClassifier(TrainingJob job, LabeledData train, SearchSpace space, FeatureSpec features,
                                  SentenceEncoder encoder, SearchListener listener, CancellationToken cancel);
}
