package io.thunderline.ml.nn;

/** Mean cross-entropy of softmax(logits) against integer labels, fused for stability. */
public final class SoftmaxCrossEntropy {

    /** Loss, class probabilities and d loss / d logits of one batch. */
    public record Result(double loss, Matrix probabilities, Matrix gradient) {
    }

    private static final double MIN_PROBABILITY = 1e-12;

    private SoftmaxCrossEntropy() {
    }

    public static Result compute(Matrix logits, int[] labels) {
        return compute(logits, labels, null);
    }

    /**
     * With {@code classWeights} (null = all 1) each example's loss and gradient are scaled by its
     * class's weight, e.g. n / (classes · n_c) so every class counts as much as the others.
     */
    public static Result compute(Matrix logits, int[] labels, double[] classWeights) {
        int n = logits.rows();
        int k = logits.cols();
        Matrix p = Softmax.rows(logits);
        double[] grad = p.data().clone();
        double loss = 0;
        for (int r = 0; r < n; r++) {
            double w = classWeights == null ? 1 : classWeights[labels[r]];
            loss -= w * Math.log(Math.max(p.get(r, labels[r]), MIN_PROBABILITY));
            grad[r * k + labels[r]] -= 1;
            if (w != 1) {
                for (int c = 0; c < k; c++) {
                    grad[r * k + c] *= w;
                }
            }
        }
        for (int i = 0; i < grad.length; i++) {
            grad[i] /= n;
        }
        return new Result(loss / n, p, new Matrix(n, k, grad));
    }
}
