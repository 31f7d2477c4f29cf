package io.thunderline.ml.nas;

import io.thunderline.ml.eval.Metrics;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * L2-regularised multinomial logistic regression solved to its optimum by full-batch L-BFGS
 * (Nocedal, "Updating quasi-Newton matrices with limited storage", 1980: the two-loop recursion; a
 * backtracking Armijo line search, which suffices because the objective is strictly convex in the weights).
 * Minimises
 * <pre>
 *   F(W, b) = (1/S) Σ_i s_i · CE(softmax(b + x_i·W_s + (e_i − μ)·W_d), y_i) + (‖W_s‖² + ‖W_d‖²) / (2 C S)
 * </pre>
 * with s_i the example's class weight and S = Σ s_i: the convention of LIBLINEAR and scikit-learn
 * (C multiplies the summed loss), scaled by 1/(C S) so gradient tolerances mean the same at every C.
 * x_i are the hashed sparse features, e_i the optional sentence vector centred by μ, its mean over the
 * training rows; the intercept b is not regularised.
 *
 * <p>Parameters are one flat array: {@code [W_s (sparseDims × K) | W_d (denseDims × K) | b (K)]}, row-major by
 * feature. The loss and gradient are summed over {@link #BLOCKS} fixed ranges of the search's mini-batches (in
 * parallel), then added in block order, so the result does not depend on the number of cores.
 */
public final class LinearSolver {

    /** Fixed row ranges of one evaluation (not the core count: results must not depend on the machine). */
    static final int BLOCKS = 4;
    /** L-BFGS memory (pairs of steps and gradient changes kept). */
    static final int MEMORY = 7;
    private static final double ARMIJO = 1e-4;

    /**
     * The training rows of one problem, as the search's mini-batches (their sparse index is built once and walked
     * in feature order). {@code sparseDims} 0: the n-grams are not used; {@code denseDims} 0: the sentence vectors
     * are not used. {@code classWeights} null means every example weighs 1.
     */
    public record Problem(List<BatchPlan.Batch> batches, int sparseDims, int denseDims, int classes,
                          double[] classWeights) {

        public Problem {
            batches = List.copyOf(batches);
            for (BatchPlan.Batch b : batches) {
                if (denseDims > 0 && b.features().denseRows() == null) {
                    throw new IllegalArgumentException("the problem uses sentence vectors but a batch has none");
                }
            }
        }

        public static Problem of(BatchPlan plan, int sparseDims, int denseDims, int classes, boolean balanced) {
            return new Problem(plan.batches(), sparseDims, denseDims, classes,
                    balanced ? TrainingConfig.balancedWeights(plan.classCounts(classes)) : null);
        }

        public int size() {
            return batches.stream().mapToInt(b -> b.labels().length).sum();
        }

        /** Class ids of all rows, batch after batch. */
        public int[] labels() {
            return batches.stream().flatMapToInt(b -> Arrays.stream(b.labels())).toArray();
        }

        /** Length of the flat parameter array. */
        public int parameters() {
            return (sparseDims + denseDims + 1) * classes;
        }

        int denseOffset() {
            return sparseDims * classes;
        }

        int biasOffset() {
            return (sparseDims + denseDims) * classes;
        }

        double weight(int label) {
            return classWeights == null ? 1 : classWeights[label];
        }
    }

    /** The optimum found: parameters, the dense mean they were fitted with, and how the solver got there. */
    public record Solution(double[] theta, double[] denseMean, double C, double objective, double dataLoss,
                           double gradientMax, int iterations, int evaluations, boolean converged,
                           int[] trainPredicted) {
    }

    private final Problem problem;
    private final double[] denseMean;
    private final double totalWeight;
    private final CancellationToken cancel;
    private final double[][] blockGradients = new double[BLOCKS][];
    private final double[] blockLoss = new double[BLOCKS];
    private final int[] predicted;
    private final int[] batchStart;
    private final long nonZeros;
    private int evaluations;
    private double gradientScale = -1;

    public LinearSolver(Problem problem, CancellationToken cancel) {
        this.problem = problem;
        this.cancel = cancel;
        this.denseMean = new double[problem.denseDims()];
        int n = problem.size();
        this.batchStart = new int[problem.batches().size() + 1];
        double s = 0;
        for (int b = 0; b < problem.batches().size(); b++) {
            BatchPlan.Batch batch = problem.batches().get(b);
            batchStart[b + 1] = batchStart[b] + batch.labels().length;
            for (int y : batch.labels()) {
                s += problem.weight(y);
            }
            if (problem.denseDims() > 0) {
                for (float[] e : batch.features().denseRows()) {
                    for (int k = 0; k < denseMean.length; k++) {
                        denseMean[k] += e[k];
                    }
                }
            }
        }
        for (int k = 0; k < denseMean.length && n > 0; k++) {
            denseMean[k] /= n;
        }
        this.totalWeight = s;
        this.predicted = new int[n];
        long nz = 0;
        if (problem.sparseDims() > 0) {
            for (BatchPlan.Batch batch : problem.batches()) {
                for (var row : batch.features().rows()) {
                    nz += row.size();
                }
            }
        }
        this.nonZeros = nz + (long) n * problem.denseDims();
    }

    public double[] denseMean() {
        return denseMean;
    }

    /**
     * The largest gradient component at zero weights (the same at every C: the penalty's gradient is zero there):
     * the scale a relative stopping tolerance refers to, as LIBLINEAR's ‖∇f(w)‖ ≤ ε‖∇f(0)‖.
     */
    public double gradientScale() {
        if (gradientScale < 0) {
            double[] g = new double[problem.parameters()];
            evaluate(new double[problem.parameters()], 1, g);
            gradientScale = maxAbs(g);
        }
        return gradientScale;
    }

    /**
     * Minimises F at this C from {@code start} (null: zeros; not modified) until the largest gradient component
     * is at most {@code gradientTolerance}, the objective stops decreasing, or {@code maxIterations} steps.
     */
    public Solution solve(double C, double[] start, double gradientTolerance, int maxIterations) {
        if (!(C > 0)) {
            throw new IllegalArgumentException("C must be positive");
        }
        int p = problem.parameters();
        double[] x = start == null ? new double[p] : start.clone();
        double[] g = new double[p];
        double[] xNew = new double[p];
        double[] gNew = new double[p];
        double[] d = new double[p];
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        evaluations = 0;
        double[] fx = evaluate(x, C, g);
        double f = fx[0];
        double dataLoss = fx[1];
        int[] trainPredicted = predicted.clone();
        int iterations = 0;
        boolean converged = maxAbs(g) <= gradientTolerance;
        while (!converged && iterations < maxIterations) {
            cancel.throwIfCancelled();
            iterations++;
            // d = −H·g by the two-loop recursion over the stored pairs, newest first
            System.arraycopy(g, 0, d, 0, p);
            for (int j = 0; j < stored; j++) {
                int at = Math.floorMod(newest - j, MEMORY);
                alpha[at] = rho[at] * dot(s[at], d);
                axpy(-alpha[at], y[at], d);
            }
            // the initial inverse Hessian γI with γ = sᵀy / yᵀy of the newest pair (Nocedal & Wright, eq. 7.20)
            double gamma = stored > 0 ? 1 / (rho[newest] * dot(y[newest], y[newest])) : 1;
            scale(d, gamma);
            for (int j = stored - 1; j >= 0; j--) {
                int at = Math.floorMod(newest - j, MEMORY);
                double beta = rho[at] * dot(y[at], d);
                axpy(alpha[at] - beta, s[at], d);
            }
            scale(d, -1);
            double slope = dot(g, d);
            if (!(slope < 0)) { // not a descent direction (numerical trouble): restart from steepest descent
                stored = 0;
                System.arraycopy(g, 0, d, 0, p);
                scale(d, -1);
                slope = -dot(g, g);
            }
            double step = stored == 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
            boolean accepted = false;
            double fNew = f;
            double dataNew = dataLoss;
            for (int tries = 0; tries < 40; tries++) {
                for (int i = 0; i < p; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                double[] fn = evaluate(xNew, C, gNew);
                fNew = fn[0];
                dataNew = fn[1];
                if (fNew <= f + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                // minimum of the quadratic through f, the slope and fNew, kept within [0.1, 0.5] of the step
                double q = -slope * step * step / (2 * (fNew - f - slope * step));
                step = Double.isFinite(q) ? Math.max(0.1 * step, Math.min(0.5 * step, q)) : 0.5 * step;
            }
            if (!accepted) {
                break; // no decrease left at double precision: as close to the optimum as this arithmetic gets
            }
            trainPredicted = predicted.clone();
            int slot = (newest + 1) % MEMORY;
            if (s[slot] == null) {
                s[slot] = new double[p];
                y[slot] = new double[p];
            }
            double sy = 0;
            for (int i = 0; i < p; i++) {
                s[slot][i] = xNew[i] - x[i];
                y[slot][i] = gNew[i] - g[i];
                sy += s[slot][i] * y[slot][i];
            }
            if (sy > 1e-16) { // strictly convex: holds except at rounding level; then the pair is skipped
                rho[slot] = 1 / sy;
                newest = slot;
                stored = Math.min(MEMORY, stored + 1);
            }
            double decrease = f - fNew;
            double[] t = x;
            x = xNew;
            xNew = t;
            t = g;
            g = gNew;
            gNew = t;
            f = fNew;
            dataLoss = dataNew;
            converged = maxAbs(g) <= gradientTolerance;
            if (!converged && !(decrease > 0)) {
                break; // no progress left at double precision
            }
        }
        return new Solution(x, denseMean.clone(), C, f, dataLoss, maxAbs(g), iterations, evaluations, converged,
                trainPredicted);
    }

    /** F and its gradient (into {@code gradient}); returns {F, data term}. Also fills the training predictions. */
    double[] evaluate(double[] theta, double C, double[] gradient) {
        evaluations++;
        int batches = problem.batches().size();
        int p = problem.parameters();
        IntStream blocks = IntStream.range(0, BLOCKS);
        // small problems: the fork/join hand-off costs more than the work (same sums either way)
        (nonZeros * problem.classes() < 200_000 ? blocks : blocks.parallel()).forEach(b -> {
            if (blockGradients[b] == null) {
                blockGradients[b] = new double[p];
            }
            blockLoss[b] = accumulate(theta, (int) ((long) batches * b / BLOCKS),
                    (int) ((long) batches * (b + 1) / BLOCKS), blockGradients[b]);
        });
        double data = 0;
        Arrays.fill(gradient, 0);
        for (int b = 0; b < BLOCKS; b++) {
            data += blockLoss[b];
            double[] gb = blockGradients[b];
            for (int i = 0; i < p; i++) {
                gradient[i] += gb[i];
            }
        }
        double norm = totalWeight > 0 ? 1 / totalWeight : 0;
        data *= norm;
        scale(gradient, norm);
        double lambda = totalWeight > 0 ? 1 / (C * totalWeight) : 1 / C;
        double squares = 0;
        int weights = problem.biasOffset();
        for (int i = 0; i < weights; i++) {
            squares += theta[i] * theta[i];
            gradient[i] += lambda * theta[i];
        }
        return new double[]{data + 0.5 * lambda * squares, data};
    }

    /** Unnormalised weighted loss of batches [from, to) with its gradient (overwrites {@code grad}). */
    private double accumulate(double[] theta, int from, int to, double[] grad) {
        Arrays.fill(grad, 0);
        int k = problem.classes();
        int sd = problem.sparseDims();
        int dd = problem.denseDims();
        int denseOffset = problem.denseOffset();
        int biasOffset = problem.biasOffset();
        double loss = 0;
        for (int b = from; b < to; b++) {
            BatchPlan.Batch batch = problem.batches().get(b);
            int[] labels = batch.labels();
            int m = labels.length;
            double[] z = new double[m * k];
            for (int r = 0; r < m; r++) {
                System.arraycopy(theta, biasOffset, z, r * k, k);
            }
            if (sd > 0) {
                batch.features().multiplyAdd(sd, theta, k, z);
            }
            float[][] dense = dd > 0 ? batch.features().denseRows() : null;
            double[] centred = dd > 0 ? new double[m * dd] : null;
            for (int r = 0; r < m; r++) {
                if (dense != null) {
                    for (int j = 0; j < dd; j++) {
                        double v = dense[r][j] - denseMean[j];
                        centred[r * dd + j] = v;
                        int row = denseOffset + j * k;
                        for (int c = 0; c < k; c++) {
                            z[r * k + c] += v * theta[row + c];
                        }
                    }
                }
                int at = r * k;
                int y = labels[r];
                double max = z[at];
                int argmax = 0;
                for (int c = 1; c < k; c++) {
                    if (z[at + c] > max) {
                        max = z[at + c];
                        argmax = c;
                    }
                }
                predicted[batchStart[b] + r] = argmax;
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    z[at + c] = Math.exp(z[at + c] - max);
                    sum += z[at + c];
                }
                double w = problem.weight(y);
                loss += w * (Math.log(sum) - Math.log(z[at + y]));
                for (int c = 0; c < k; c++) {
                    z[at + c] = w * (z[at + c] / sum - (c == y ? 1 : 0)); // now d loss_r / d logit_c
                    grad[biasOffset + c] += z[at + c];
                }
                for (int j = 0; j < dd; j++) {
                    double v = centred[r * dd + j];
                    int row = denseOffset + j * k;
                    for (int c = 0; c < k; c++) {
                        grad[row + c] += v * z[at + c];
                    }
                }
            }
            if (sd > 0) {
                batch.features().transposeMultiplyAdd(sd, z, k, grad);
            }
        }
        return loss;
    }

    /** Training accuracy and macro F1 of a solution's training predictions. */
    static double[] trainingScores(Solution solution, Problem problem) {
        int[] labels = problem.labels();
        return new double[]{Metrics.accuracy(labels, solution.trainPredicted()),
                Metrics.macroF1(labels, solution.trainPredicted(), problem.classes())};
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] v, double a) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= a;
        }
    }
}
