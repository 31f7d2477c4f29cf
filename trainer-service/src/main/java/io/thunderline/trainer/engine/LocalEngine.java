package io.thunderline.trainer.engine;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.model.LanguageModelTrainer;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.SearchResult;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.train.ClassifierTraining;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;


/** The embedded engine: ml-core's Cerebros-style search and language model trainer, on the worker's thread. */
@ApplicationScoped
@Typed(LocalEngine.class)
class LocalEngine implements TrainingEngine {

    @Override
    public String describe() {
        return "ml-core";
    }

    @Override
    public SearchResult searchClassifier(TrainingJob job, LabeledData train, SearchSpace space, FeatureSpec features,
                                         SentenceEncoder encoder, SearchListener listener, CancellationToken cancel) {
        return ClassifierTraining.Searcher.LOCAL.search(train, space, features, encoder, listener, cancel);
    }

}
