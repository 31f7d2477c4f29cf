package io.thunderline.upm.messaging;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.wire.UpmFeatures;

/**
 * What a feature window must be for the online learner beyond being a valid event: a classification family, the UPM
 * feature space agents featurise with, and sparse rows with strictly increasing indices and finite values.
 */
final class WindowRules {
    private WindowRules() {
    }

    static void check(FeatureWindow w) {
        if (!w.family().classification()) {
            throw new InvalidEventException("FeatureWindow: field 'family' is " + w.family().wireName()
                    + ", which has no online model; send windows of " + ModelType.TEXT_CLASSIFICATION.wireName() + " or "
                    + ModelType.SENTIMENT_ANALYSIS.wireName());
        }
        if (!w.featureSpec().equals(UpmFeatures.WINDOW_SPEC)) {
            throw new InvalidEventException("FeatureWindow: field 'featureSpec' is " + describe(w.featureSpec())
                    + "; UPM models and agents use " + describe(UpmFeatures.WINDOW_SPEC)
                    + " (upm-wire UpmFeatures: term counts without IDF, L2-normalised)");
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

    private static String describe(FeatureWindow.FeatureSpecBody s) {
        return "{hashDims " + s.hashDims() + ", wordNgramMax " + s.wordNgramMax() + ", charNgramMin " + s.charNgramMin()
                + ", charNgramMax " + s.charNgramMax() + "}";
    }
}
