package io.thunderline.ml.online;

import io.thunderline.ml.text.SparseVector;

/** One training example of the online learner: hashed features and a class id. */
public record LabeledSparse(SparseVector features, int label) {
}
