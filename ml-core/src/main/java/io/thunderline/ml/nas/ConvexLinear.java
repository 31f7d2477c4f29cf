package io.thunderline.ml.nas;

import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.SparseEmbedding;
import io.thunderline.ml.nn.UnitRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The linear trials (no hidden level) trained as what they are: a convex problem, L2-regularised multinomial
 * logistic regression on the trial's inputs (the hashed n-grams through the direct path, the centred sentence
 * vector through the output unit), solved to its optimum by {@link LinearSolver} at every C of {@link #C_GRID}
 * (ascending, each solve starting from the previous optimum). Each point of this path is scored on the held-out
 * examples like an epoch of a network, and the search keeps the best C exactly as it keeps a network's best
 * epoch (validation macro F1, then loss). The optimum is written into an ordinary {@link Network} of the
 * architecture, so scoring, the model file and prediction are those of any network. The trial's n-gram
 * projection ({@code in}), when the architecture has one, stays zero: the direct path already holds every
 * linear function of the n-grams.
 */
final class ConvexLinear {

    /** Inverse regularisation strengths tried, ascending (C multiplies the summed loss, as in LIBLINEAR). */
    static final double[] C_GRID = {0.1, 1, 10, 100, 1000};
    /**
     * An optimum: the largest gradient component at most this share of the largest at zero weights (a relative
     * tolerance, as LIBLINEAR's, so it means the same for any data size and feature scale).
     */
    static final double TOLERANCE = 1e-3;
    static final int MAX_ITERATIONS = 300;

    private ConvexLinear() {
    }

    /** True for an architecture this solver trains: no hidden level, and n-grams only through the direct path. */
    static boolean applies(Architecture a) {
        return a.hiddenLevels() == 0 && (a.inputWidth() == 0 || a.sparseLinear());
    }

    static LinearSolver.Problem problem(Architecture a, BatchPlan data, boolean balancedClassWeights) {
        boolean dense = a.denseDims() > 0 && a.readsDense();
        return LinearSolver.Problem.of(data, a.sparseLinear() ? a.inputDims() : 0, dense ? a.denseDims() : 0,
                a.classes(), balancedClassWeights);
    }

    /** One point of the C path: the metrics of its optimum (as an epoch's) and its held-out probabilities. */
    record Point(Map<String, Double> metrics, TrainingOutcome.HeldOut heldOut, double[] theta) {
    }

    /**
     * Solves along the C grid on {@code train}, writing each optimum into a network of the architecture and
     * scoring it on {@code held}; stops once a C is no better than the best before it (see {@link #PATIENCE}).
     */
    static List<Point> path(Architecture a, BatchPlan train, BatchPlan held, boolean balancedClassWeights,
                            CancellationToken cancel) {
        // one fold: the mean over the folds is that fold's own metrics
        return crossValidatedPaths(a, List.of(train), List.of(held), balancedClassWeights, cancel).get(0);
    }

    /**
     * The same under k-fold cross-validation: every fold's path advances one C at a time, and the stop is
     * decided on the mean over the folds (so every fold has the same points).
     */
    static List<List<Point>> crossValidatedPaths(Architecture a, List<BatchPlan> trains, List<BatchPlan> helds,
                                                 boolean balancedClassWeights, CancellationToken cancel) {
        List<Path> paths = new ArrayList<>();
        for (int f = 0; f < trains.size(); f++) {
            paths.add(new Path(a, trains.get(f), helds.get(f), balancedClassWeights, cancel));
        }
        List<Map<String, Double>> mean = new ArrayList<>();
        while (mean.size() < C_GRID.length && !exhausted(mean)) {
            Map<String, Double> sum = new LinkedHashMap<>();
            for (Path path : paths) {
                path.next().metrics().forEach((key, v) -> sum.merge(key, v, Double::sum));
            }
            sum.replaceAll((key, v) -> v / paths.size());
            mean.add(sum);
        }
        return paths.stream().map(p -> p.points).toList();
    }

    /** Points of the path after the best before the search along C stops: the validation optimum is behind. */
    static final int PATIENCE = 1;

    static boolean exhausted(List<Map<String, Double>> history) {
        int best = 0;
        for (int i = 1; i < history.size(); i++) {
            if (NetworkTrainer.better(history.get(i), history.get(best), true)) {
                best = i;
            }
        }
        return history.size() - 1 - best >= PATIENCE;
    }

    /** One C path under way: the solver (its problem's sparse index built once) and the last optimum. */
    private static final class Path {
        final Architecture a;
        final LinearSolver.Problem problem;
        final LinearSolver solver;
        final BatchPlan held;
        final Network network;
        final List<Point> points = new ArrayList<>();
        double[] start;

        Path(Architecture a, BatchPlan train, BatchPlan held, boolean balancedClassWeights, CancellationToken cancel) {
            this.a = a;
            this.problem = problem(a, train, balancedClassWeights);
            this.solver = new LinearSolver(problem, cancel);
            this.held = held;
            this.network = new Network(a, 0);
        }

        Point next() {
            double c = C_GRID[points.size()];
            LinearSolver.Solution solution = solver.solve(c, start, TOLERANCE * solver.gradientScale(), MAX_ITERATIONS);
            start = solution.theta();
            install(network, problem, solution);
            TrainingOutcome.HeldOut scored = Scoring.probabilities(network, held);
            double[] trainScores = LinearSolver.trainingScores(solution, problem);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", solution.dataLoss());
            metrics.put("accuracy", trainScores[0]);
            metrics.put("f1", trainScores[1]);
            metrics.putAll(Scoring.metrics(scored, a.classes(), "val_"));
            metrics.put("C", c);
            metrics.put("iterations", (double) solution.iterations());
            metrics.put("gradient_max", solution.gradientMax());
            Point point = new Point(metrics, scored, solution.theta());
            points.add(point);
            return point;
        }
    }

    /** The path as a training outcome: its points are the "epochs", the best by validation F1 then loss. */
    static TrainingOutcome outcome(List<Point> points, NetworkTrainer.Reporter reporter) {
        List<Map<String, Double>> history = new ArrayList<>();
        Map<String, Double> best = null;
        int bestIndex = 0;
        for (int i = 0; i < points.size(); i++) {
            Map<String, Double> m = points.get(i).metrics();
            history.add(m);
            reporter.epoch(i + 1, m);
            if (best == null || NetworkTrainer.better(m, best, true)) {
                best = m;
                bestIndex = i;
            }
        }
        return new TrainingOutcome(bestIndex + 1, best, history).withHeldOut(points.get(bestIndex).heldOut());
    }

    /** The C of a linear trial whose best "epoch" is {@code bestPoint} (1-based). */
    static double cOf(int bestPoint) {
        return C_GRID[bestPoint - 1];
    }

    /** The mean of the folds' optima at one point of their paths: where the final solve starts. */
    static double[] meanTheta(List<List<Point>> paths, int bestPoint) {
        double[] mean = new double[paths.get(0).get(bestPoint - 1).theta().length];
        for (List<Point> path : paths) {
            double[] theta = path.get(bestPoint - 1).theta();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += theta[i] / paths.size();
            }
        }
        return mean;
    }

    /**
     * The final model: the optimum at the chosen C on all the data, as a network. The solve starts from
     * {@code start} (the trial's optimum on its training part; null: the path from zero up to that C).
     */
    static Network fit(Architecture a, EncodedData all, int bestPoint, boolean balancedClassWeights, double[] start,
                       long seed, CancellationToken cancel) {
        LinearSolver.Problem problem = problem(a, BatchPlan.sequential(all, Scoring.CHUNK), balancedClassWeights);
        LinearSolver solver = new LinearSolver(problem, cancel);
        double tolerance = TOLERANCE * solver.gradientScale();
        LinearSolver.Solution solution = null;
        if (start != null) {
            solution = solver.solve(C_GRID[bestPoint - 1], start, tolerance, MAX_ITERATIONS);
        } else {
            for (int i = 0; i < bestPoint; i++) {
                solution = solver.solve(C_GRID[i], solution == null ? null : solution.theta(), tolerance, MAX_ITERATIONS);
            }
        }
        Network network = new Network(a, seed);
        install(network, problem, solution);
        return network;
    }

    /** Writes a solution into a network of the problem's architecture (no hidden level). */
    static void install(Network network, LinearSolver.Problem problem, LinearSolver.Solution solution) {
        Architecture a = network.architecture();
        int k = a.classes();
        double[] theta = solution.theta();
        SparseEmbedding linear = network.linear();
        if (problem.sparseDims() > 0) {
            float[] w = linear.weights();
            for (int f = 0; f < problem.sparseDims(); f++) {
                boolean nonZero = false;
                for (int c = 0; c < k; c++) {
                    float v = (float) theta[f * k + c];
                    w[f * k + c] = v;
                    nonZero |= v != 0;
                }
                if (nonZero) {
                    linear.markInitialized(f);
                }
            }
        }
        List<UnitRef> inputs = a.levels().get(0).get(0).inputs();
        int width = inputs.stream().mapToInt(a::width).sum();
        double[] mean = new double[width];
        double[] weights = new double[width * k];
        int offset = 0;
        for (UnitRef ref : inputs) {
            if (ref.equals(Architecture.DENSE_INPUT) && problem.denseDims() > 0) {
                double[] mu = solution.denseMean();
                System.arraycopy(mu, 0, mean, offset, mu.length);
                System.arraycopy(theta, problem.denseOffset(), weights, offset * k, mu.length * k);
            }
            // the n-gram projection stays zero: its columns get mean 0 and weight 0
            offset += a.width(ref);
        }
        double[] bias = new double[k];
        System.arraycopy(theta, problem.biasOffset(), bias, 0, k);
        network.setAffineOutput(mean, weights, bias);
    }
}
