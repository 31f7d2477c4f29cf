package io.thunderline.ml.nas;

import io.thunderline.ml.text.SparseVector;
import java.util.List;

/** Featurised examples with class ids, ready for the network. */
public record EncodedData(List<SparseVector> features, int[] labels) {

    public EncodedData {
        features = List.copyOf(features);
        if (features.size() != labels.length) {
            throw new IllegalArgumentException("features and labels differ in count");
        }
    }

    public int size() {
        return labels.length;
    }
}
