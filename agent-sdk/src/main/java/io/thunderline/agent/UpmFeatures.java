package io.thunderline.agent;

import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.ml.text.TextFeaturizer;

/**
 * How UPM turns text into features, exactly as trainer-service builds feature windows: {@link FeatureSpec#defaults()}
 * (2^18 hashed buckets, word 1-2-grams, char 3-5-grams, lower-cased, seed 42), sublinear term counts, L2-normalised,
 * no IDF (an IDF table of ones). A model trained on windows predicts right only on text featurised this way.
 */
public final class UpmFeatures {
    public static final FeatureSpec SPEC = FeatureSpec.defaults();
    private static final TextFeaturizer FEATURIZER = TextFeaturizer.unweighted(SPEC);

    private UpmFeatures() {
    }

    public static SparseVector featurize(String text) {
        return FEATURIZER.transform(text);
    }
}
