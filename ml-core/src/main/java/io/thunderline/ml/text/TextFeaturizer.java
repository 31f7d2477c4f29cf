package io.thunderline.ml.text;

import java.util.List;
import java.util.Objects;

/**
 * Hashed word + character n-grams weighted by TF-IDF and L2-normalised.
 * The IDF table is fitted on the training texts only; buckets never seen in training
 * get the largest IDF (they are as rare as possible).
 */
public final class TextFeaturizer {

    private final FeatureSpec spec;
    private final float[] idf;
    private final TermCounter counter;

    private TextFeaturizer(FeatureSpec spec, float[] idf) {
        if (idf.length != spec.hashDims()) {
            throw new IllegalArgumentException("idf table has " + idf.length + " entries, spec wants " + spec.hashDims());
        }
        this.spec = spec;
        this.idf = idf;
        this.counter = new TermCounter(spec);
    }

    /** A fitted featuriser with the vectors of the texts it was fitted on. */
    public record Fitted(TextFeaturizer featurizer, List<SparseVector> vectors) {
    }

    /** Fits smoothed IDF, idf = ln((1 + N) / (1 + df)) + 1, on the given training texts. */
    public static TextFeaturizer fit(FeatureSpec spec, List<String> trainingTexts) {
        return fitCounts(spec, countAll(spec, trainingTexts), trainingTexts.size());
    }

    /** Fits and transforms the training texts, counting their n-grams only once. */
    public static Fitted fitTransform(FeatureSpec spec, List<String> trainingTexts) {
        List<SparseVector> counts = countAll(spec, trainingTexts);
        TextFeaturizer featurizer = fitCounts(spec, counts, trainingTexts.size());
        return new Fitted(featurizer, counts.parallelStream().map(featurizer::weigh).toList());
    }

    private static List<SparseVector> countAll(FeatureSpec spec, List<String> texts) {
        Objects.requireNonNull(spec, "spec");
        TermCounter counter = new TermCounter(spec);
        // Counting terms is the expensive part: do it on all cores (order is kept).
        return texts.parallelStream().map(counter::counts).toList();
    }

    private static TextFeaturizer fitCounts(FeatureSpec spec, List<SparseVector> counts, int documents) {
        int[] documentFrequency = new int[spec.hashDims()];
        for (SparseVector c : counts) {
            for (int index : c.indices()) {
                documentFrequency[index]++;
            }
        }
        float[] idf = new float[spec.hashDims()];
        int n = documents;
        for (int i = 0; i < idf.length; i++) {
            idf[i] = (float) (Math.log((1.0 + n) / (1.0 + documentFrequency[i])) + 1.0);
        }
        return new TextFeaturizer(spec, idf);
    }

    /**
     * A featuriser with no IDF weighting (an IDF of ones): sublinear counts, L2-normalised. What online learning uses,
     * where no corpus is seen up front: trainer-service's feature windows and every UPM agent featurise this way.
     */
    public static TextFeaturizer unweighted(FeatureSpec spec) {
        float[] ones = new float[spec.hashDims()];
        java.util.Arrays.fill(ones, 1f);
        return new TextFeaturizer(spec, ones);
    }

    /** Rebuilds a fitted featuriser, e.g. from a model file. */
    public static TextFeaturizer restore(FeatureSpec spec, float[] idf) {
        return new TextFeaturizer(spec, idf.clone());
    }

    public SparseVector transform(String text) {
        return weigh(counter.counts(text));
    }

    private SparseVector weigh(SparseVector counts) {
        int[] indices = counts.indices();
        float[] values = new float[indices.length];
        double norm = 0;
        for (int i = 0; i < indices.length; i++) {
            // Sublinear TF: a word said ten times is not ten times as informative. A signed count keeps its sign, and
            // n-grams that cancelled out in their bucket (0) weigh nothing.
            float count = counts.values()[i];
            double weight = count == 0 ? 0 : Math.signum(count) * (1.0 + Math.log(Math.abs(count))) * idf[indices[i]];
            values[i] = (float) weight;
            norm += weight * weight;
        }
        if (norm > 0) {
            float inverse = (float) (1.0 / Math.sqrt(norm));
            for (int i = 0; i < values.length; i++) {
                values[i] *= inverse;
            }
        }
        return new SparseVector(indices, values);
    }

    /** Transforms many texts on all cores; the output order matches the input order. */
    public List<SparseVector> transformAll(List<String> texts) {
        return texts.parallelStream().map(this::transform).toList();
    }

    public FeatureSpec spec() {
        return spec;
    }

    public int dimensions() {
        return spec.hashDims();
    }

    /** A copy of the fitted IDF table. */
    public float[] idf() {
        return idf.clone();
    }
}
