package io.thunderline.ml.online;

/**
 * How differently a candidate model scores recent samples than the active one.
 *
 * @param p95AbsDifference 95th percentile over samples of max_k |p_candidate,k − p_active,k|
 * @param psi              population stability index of the score distributions (worst class)
 * @param samples          number of samples scored
 */
public record DriftReport(double p95AbsDifference, double psi, int samples) {

    /** Default quarantine threshold on the p95 difference. */
    public static final double DEFAULT_THRESHOLD = 0.2;

    public boolean exceeds(double threshold) {
        return p95AbsDifference > threshold;
    }

    /** PSI reading: below 0.1 stable, above 0.2 significant, moderate in between. */
    public String stability() {
        return psi < 0.1 ? "stable" : psi > 0.2 ? "significant" : "moderate";
    }
}
