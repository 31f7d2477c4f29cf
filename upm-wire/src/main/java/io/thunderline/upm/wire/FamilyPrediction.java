package io.thunderline.upm.wire;

import io.thunderline.contracts.ModelType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prediction of a family's model: the most probable known label, the probability of every known label (in
 * vocabulary order) and the model version that made it. Class slots not yet given a label are not reported.
 */
public record FamilyPrediction(ModelType family, long version, String label, Map<String, Double> probabilities) {

    public FamilyPrediction {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /**
     * The rule both upm-service and agents use to turn class probabilities into a prediction: the label with the
     * highest probability among the labels the family has (the first one on a tie).
     */
    public static FamilyPrediction of(ModelType family, long version, List<String> labels, double[] classProbabilities) {
        if (labels.isEmpty()) {
            throw new IllegalStateException("the " + family.wireName() + " model has no labels yet");
        }
        Map<String, Double> byLabel = new LinkedHashMap<>();
        int best = 0;
        for (int k = 0; k < labels.size(); k++) {
            byLabel.put(labels.get(k), classProbabilities[k]);
            if (classProbabilities[k] > classProbabilities[best]) {
                best = k;
            }
        }
        return new FamilyPrediction(family, version, labels.get(best), byLabel);
    }
}
