package io.thunderline.ml.model;

import java.util.Map;

/** Anything {@link ModelFile} can store: a text classifier or a language model. */
public sealed interface TrainedModel permits TextClassifier, LanguageModel {

    /** Where the model came from: data size, trainer settings, seed. */
    Map<String, String> provenance();
}
