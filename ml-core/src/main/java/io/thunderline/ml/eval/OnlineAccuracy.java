package io.thunderline.ml.eval;

/**
 * Accuracy measured online: {@code correct} of {@code judged} predictions that someone marked right or wrong, with a
 * Wilson score interval. Wilson rather than the normal approximation because A/B tests start small: with 3 of 3
 * correct the normal interval is [1, 1], Wilson's 95 % interval is [0.44, 1] — it says how little three answers prove,
 * stays inside [0, 1] and is near nominal coverage from a handful of judgements on.
 *
 * @param accuracy {@code correct / judged}, NaN when nothing was judged yet
 * @param low      lower end of the interval (0 when nothing was judged)
 * @param high     upper end of the interval (1 when nothing was judged)
 */
public record OnlineAccuracy(long correct, long judged, double accuracy, double low, double high) {
    /** z of a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    /** The 95 % Wilson interval of {@code correct} successes in {@code judged} trials. */
    public static OnlineAccuracy of(long correct, long judged) {
        return of(correct, judged, Z95);
    }

    public static OnlineAccuracy of(long correct, long judged, double z) {
        if (judged < 0 || correct < 0 || correct > judged) {
            throw new IllegalArgumentException("need 0 <= correct <= judged, got " + correct + " of " + judged);
        }
        if (judged == 0) {
            return new OnlineAccuracy(0, 0, Double.NaN, 0, 1);
        }
        double n = judged;
        double p = correct / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // at p = 0 or 1 the formula gives the bound exactly; clamp only the rounding
        return new OnlineAccuracy(correct, judged, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
