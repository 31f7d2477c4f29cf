package io.thunderline.ml.online;

import io.thunderline.ml.text.SparseVector;
import java.util.Arrays;
import java.util.List;

/** Drift between an active and a candidate model: p95 of probability differences and PSI. */
public final class Drift {

    public static final int PSI_BINS = 10;
    /** Stands in for an empty bin's share so PSI stays finite. */
    private static final double EMPTY_BIN_SHARE = 1e-4;

    private Drift() {
    }

    /** Scores both models on the samples and compares them. */
    public static DriftReport compare(OnlineSoftmax active, OnlineSoftmax candidate, List<SparseVector> samples) {
        if (active.classes() != candidate.classes()) {
            throw new IllegalArgumentException("models predict different numbers of classes");
        }
        double[][] a = new double[samples.size()][];
        double[][] c = new double[samples.size()][];
        for (int i = 0; i < samples.size(); i++) {
            a[i] = active.predictProba(samples.get(i));
            c[i] = candidate.predictProba(samples.get(i));
        }
        return compare(a, c);
    }

    /** Compares precomputed class probabilities (rows = samples). */
    public static DriftReport compare(double[][] active, double[][] candidate) {
        if (active.length != candidate.length) {
            throw new IllegalArgumentException("sample counts differ");
        }
        if (active.length == 0) {
            return new DriftReport(0, 0, 0);
        }
        double[] differences = new double[active.length];
        for (int i = 0; i < active.length; i++) {
            double max = 0;
            for (int k = 0; k < active[i].length; k++) {
                max = Math.max(max, Math.abs(candidate[i][k] - active[i][k]));
            }
            differences[i] = max;
        }
        double worstPsi = 0;
        for (int k = 0; k < active[0].length; k++) {
            worstPsi = Math.max(worstPsi, psi(column(active, k), column(candidate, k)));
        }
        return new DriftReport(percentile(differences, 0.95), worstPsi, active.length);
    }

    /** Nearest-rank percentile (q in (0, 1]). */
    public static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /**
     * Population stability index of scores in [0, 1] over {@value #PSI_BINS} equal-width bins:
     * Σ (actual − expected) · ln(actual / expected) over the bins' shares.
     */
    public static double psi(double[] expected, double[] actual) {
        double[] e = shares(expected);
        double[] a = shares(actual);
        double sum = 0;
        for (int b = 0; b < PSI_BINS; b++) {
            sum += (a[b] - e[b]) * Math.log(a[b] / e[b]);
        }
        return sum;
    }

    private static double[] shares(double[] scores) {
        double[] counts = new double[PSI_BINS];
        for (double s : scores) {
            int bin = (int) Math.floor(Math.min(Math.max(s, 0), 1) * PSI_BINS);
            counts[Math.min(bin, PSI_BINS - 1)]++;
        }
        for (int b = 0; b < PSI_BINS; b++) {
            counts[b] = scores.length == 0 ? EMPTY_BIN_SHARE : Math.max(counts[b] / scores.length, EMPTY_BIN_SHARE);
        }
        return counts;
    }

    private static double[] column(double[][] rows, int k) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][k];
        }
        return out;
    }
}
