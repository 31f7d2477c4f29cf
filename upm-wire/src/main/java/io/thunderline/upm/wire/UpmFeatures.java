package io.thunderline.upm.wire;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.ml.text.TextFeaturizer;

/**
 * The one declaration of how UPM turns text into features — trainer-service's feature windows, upm-service's learner
 * and every agent read it from here: {@link FeatureSpec#defaults()} (2^18 hashed buckets, word 1-2-grams, char
 * 3-5-grams, lower-cased, seed 42), sublinear term counts, L2-normalised, no IDF (an IDF table of ones). A model
 * trained on windows predicts right only on text featurised this way.
 */
public final class UpmFeatures {
    public static final FeatureSpec SPEC = FeatureSpec.defaults();
    /** {@link #SPEC} as a feature window states it (upm-service refuses windows of any other space). */
    public static final FeatureWindow.FeatureSpecBody WINDOW_SPEC = new FeatureWindow.FeatureSpecBody(SPEC.hashDims(),
            SPEC.wordNgramMax(), SPEC.charNgramMin(), SPEC.charNgramMax());
    private static final TextFeaturizer FEATURIZER = TextFeaturizer.unweighted(SPEC);

    private UpmFeatures() {
    }

    public static SparseVector featurize(String text) {
        return FEATURIZER.transform(text);
    }
}
