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
        int n = logits.rows();
        int k = logits.cols();
        Matrix p = Softmax.rows(logits);
        double[] grad = p.data().clone();
        double loss = 0;
        for (int r = 0; r < n; r++) {
            loss -= Math.log(Math.max(p.get(r, labels[r]), MIN_PROBABILITY));
            grad[r * k + labels[r]] -= 1;
        }
        for (int i = 0; i < grad.length; i++) {
            grad[i] /= n;
        }
        return new Result(loss / n, p, new Matrix(n, k, grad));
    }
}
