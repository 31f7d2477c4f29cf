package io.thunderline.upm.messaging;

import io.thunderline.agent.UpmFeatures;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.text.FeatureSpec;

/**
 * What a feature window must be for the online learner beyond being a valid event: a classification family, the UPM
 * feature space agents featurise with, and sparse rows with strictly increasing indices and finite values.
 */
final class WindowRules {
    private static final FeatureSpec SPEC = UpmFeatures.SPEC;

    private WindowRules() {
    }

    static void check(FeatureWindow w) {
        if (!w.family().classification()) {
            throw new InvalidEventException("FeatureWindow: field 'family' is " + w.family().wireName()
                    + ", which has no online model; send windows of " + ModelType.TEXT_CLASSIFICATION.wireName() + " or "
                    + ModelType.SENTIMENT_ANALYSIS.wireName());
        }
        FeatureWindow.FeatureSpecBody s = w.featureSpec();
        if (s.hashDims() != SPEC.hashDims() || s.wordNgramMax() != SPEC.wordNgramMax()
                || s.charNgramMin() != SPEC.charNgramMin() || s.charNgramMax() != SPEC.charNgramMax()) {
            throw new InvalidEventException("FeatureWindow: field 'featureSpec' is {hashDims " + s.hashDims() + ", wordNgramMax "
                    + s.wordNgramMax() + ", charNgramMin " + s.charNgramMin() + ", charNgramMax " + s.charNgramMax()
                    + "}; UPM models and agents use {hashDims " + SPEC.hashDims() + ", wordNgramMax " + SPEC.wordNgramMax()
                    + ", charNgramMin " + SPEC.charNgramMin() + ", charNgramMax " + SPEC.charNgramMax()
                    + "} (FeatureSpec.defaults(), term counts without IDF, L2-normalised)");
        }
        for (int r = 0; r < w.rows().size(); r++) {
            FeatureWindow.FeatureRow row = w.rows().get(r);
            int[] idx = row.indices();
            float[] val = row.values();
            for (int i = 0; i < idx.length; i++) {
                if (i > 0 && idx[i] <= idx[i - 1]) {
                    throw new InvalidEventException("FeatureWindow: field 'rows[" + r + "].indices' must be strictly increasing "
                            + "(position " + i + " holds " + idx[i] + " after " + idx[i - 1] + ")");
                }
                if (!Float.isFinite(val[i])) {
                    throw new InvalidEventException("FeatureWindow: field 'rows[" + r + "].values' holds " + val[i]
                            + " at position " + i + "; values must be finite");
                }
            }
        }
    }
}
