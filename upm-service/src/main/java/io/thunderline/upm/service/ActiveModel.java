package io.thunderline.upm.service;

import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.FamilyPrediction;
import io.thunderline.upm.wire.WeightsDigest;

import java.util.List;

/**
 * A snapshot as agents hold it: version, the bare weights of the classes the model has seen ({@code classes} class
 * rows then their biases, never modified once here: adapters are computed against them), the labels (class id = position), the weights' SHA-256, incremental digest and non-zero count. It predicts with the same
 * function and the same active slots as an agent, so both give bit-identical probabilities.
 */
public record ActiveModel(ModelType family, long version, int dims, int classes, float[] weights, List<String> labels,
                          String checksum, long digest, int nonZero) {
    public ActiveModel {
        labels = List.copyOf(labels);
    }

    /** A served copy of a trainer's or a stored snapshot's model. */
    public static ActiveModel of(ModelType family, long version, OnlineSoftmax model, List<String> labels, String checksum) {
        return of(family, version, model.dims(), model.storedClasses(), model.snapshotWeights(), labels, checksum);
    }

    /** Takes {@code weights} as they are (no copy): the caller hands them over. */
    public static ActiveModel of(ModelType family, long version, int dims, int classes, float[] weights,
                                 List<String> labels, String checksum) {
        WeightsDigest.Summary summary = WeightsDigest.summarize(weights);
        return new ActiveModel(family, version, dims, classes, weights, labels, checksum, summary.digest(),
                summary.nonZero());
    }

    /** The rule agents use too ({@link FamilyPrediction#of}, upm-wire), so both sides predict alike. */
    public FamilyPrediction predict(SparseVector x) {
        return FamilyPrediction.of(family, version, labels, probabilities(x));
    }

    /** Class probabilities over the slots of the known labels, as an agent holding these weights computes them. */
    public double[] probabilities(SparseVector x) {
        return OnlineSoftmax.predictProba(weights, dims, classes, OnlineSoftmax.activeFor(labels.size(), classes), x);
    }

    /** Same shape: an adapter between the two can be a delta. */
    boolean sameShape(ActiveModel other) {
        return other.dims == dims && other.classes == classes;
    }
}
