package io.thunderline.ml.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.thunderline.ml.text.SparseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearSolverTest {

    /** n examples, 3 classes, 12 sparse dims (class-dependent features plus noise) and 4 dense dims. */
    static EncodedData tiny(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SparseVector> rows = new ArrayList<>();
        int[] labels = new int[n];
        float[][] dense = new float[n][4];
        for (int i = 0; i < n; i++) {
            int y = i % 3;
            labels[i] = y;
            int a = y * 3 + random.nextInt(3);
            int b = 9 + random.nextInt(3);
            rows.add(new SparseVector(new int[]{Math.min(a, b), Math.max(a, b)},
                    new float[]{(float) random.nextDouble(0.2, 1), (float) random.nextDouble(0.2, 1)}));
            for (int j = 0; j < 4; j++) {
                dense[i][j] = (float) (random.nextGaussian() + (j == y ? 1 : 0));
            }
        }
        return new EncodedData(rows, labels, dense);
    }

    static LinearSolver.Problem problem(EncodedData data, boolean balanced) {
        return LinearSolver.Problem.of(BatchPlan.shuffled(data, 7, 1), 12, 4, 3, balanced);
    }

    @Test
    void theGradientIsTheObjectivesDerivative() {
        LinearSolver.Problem problem = problem(tiny(30, 1), true);
        LinearSolver solver = new LinearSolver(problem, CancellationToken.none());
        SplittableRandom random = new SplittableRandom(2);
        double[] theta = new double[problem.parameters()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = random.nextGaussian() * 0.5;
        }
        double[] g = new double[theta.length];
        solver.evaluate(theta, 3, g);
        double h = 1e-6;
        double[] unused = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + h;
            double up = solver.evaluate(theta, 3, unused)[0];
            theta[i] = keep - h;
            double down = solver.evaluate(theta, 3, unused)[0];
            theta[i] = keep;
            assertThat(g[i]).as("component %d", i).isCloseTo((up - down) / (2 * h), within(1e-7));
        }
    }

    @Test
    void reachesTheOptimumOfATinyProblem() {
        LinearSolver.Problem problem = problem(tiny(45, 3), true);
        LinearSolver solver = new LinearSolver(problem, CancellationToken.none());
        for (double c : new double[]{0.1, 1, 10}) {
            LinearSolver.Solution s = solver.solve(c, null, 1e-9, 1000);
            assertThat(s.converged()).isTrue();
            double[] g = new double[problem.parameters()];
            double f = solver.evaluate(s.theta(), c, g)[0];
            assertThat(LinearSolver.maxAbs(g)).isLessThanOrEqualTo(1e-9);
            assertThat(f).isCloseTo(s.objective(), within(1e-12));
            // strictly convex: every nearby point is worse
            SplittableRandom random = new SplittableRandom(4);
            for (int trial = 0; trial < 20; trial++) {
                double[] moved = s.theta().clone();
                for (int i = 0; i < moved.length; i++) {
                    moved[i] += random.nextGaussian() * 1e-3;
                }
                assertThat(solver.evaluate(moved, c, new double[moved.length])[0]).isGreaterThan(f);
            }
        }
    }

    @Test
    void aWarmStartReachesTheSameOptimumAsAColdStart() {
        LinearSolver.Problem problem = problem(tiny(45, 5), false);
        LinearSolver solver = new LinearSolver(problem, CancellationToken.none());
        LinearSolver.Solution first = solver.solve(1, null, 1e-10, 1000);
        LinearSolver.Solution warm = solver.solve(10, first.theta(), 1e-10, 1000);
        LinearSolver.Solution cold = solver.solve(10, null, 1e-10, 1000);
        assertThat(warm.objective()).isCloseTo(cold.objective(), within(1e-12));
        for (int i = 0; i < warm.theta().length; i++) {
            assertThat(warm.theta()[i]).isCloseTo(cold.theta()[i], within(1e-5));
        }
    }

    /**
     * Two examples, x = +1 labelled 1 and x = −1 labelled 0, one feature: by symmetry the weights are ±a and the
     * bias 0, and F(a) = ln(1 + e^{−2a}) + a²/(2C), so the optimum solves a = 2C / (1 + e^{2a}).
     */
    @Test
    void agreesWithTheClosedFormOfASymmetricProblem() {
        List<SparseVector> rows = List.of(new SparseVector(new int[]{0}, new float[]{1}),
                new SparseVector(new int[]{0}, new float[]{-1}));
        EncodedData data = new EncodedData(rows, new int[]{1, 0});
        LinearSolver.Problem problem = LinearSolver.Problem.of(BatchPlan.sequential(data, 2), 1, 0, 2, false);
        LinearSolver solver = new LinearSolver(problem, CancellationToken.none());
        for (double c : new double[]{0.5, 2, 50}) {
            double lo = 0;
            double hi = 2 * c;
            for (int i = 0; i < 200; i++) {
                double a = (lo + hi) / 2;
                if (a - 2 * c / (1 + Math.exp(2 * a)) > 0) {
                    hi = a;
                } else {
                    lo = a;
                }
            }
            double a = (lo + hi) / 2;
            LinearSolver.Solution s = solver.solve(c, null, 1e-12, 1000);
            // theta = [w(class 0), w(class 1), b0, b1]
            assertThat(s.theta()[1]).isCloseTo(a, within(1e-7));
            assertThat(s.theta()[0]).isCloseTo(-a, within(1e-7));
            assertThat(s.theta()[2] - s.theta()[3]).isCloseTo(0, within(1e-7));
        }
    }

    @Test
    void separableDataIsFittedExactlyAtALargeC() {
        EncodedData data = tiny(60, 7);
        List<SparseVector> classOnly = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            int y = data.labels()[i];
            classOnly.add(new SparseVector(new int[]{y * 3 + i % 3}, new float[]{1}));
        }
        EncodedData separable = new EncodedData(classOnly, data.labels());
        LinearSolver.Problem problem = LinearSolver.Problem.of(BatchPlan.shuffled(separable, 16, 2), 12, 0, 3, true);
        LinearSolver.Solution s = new LinearSolver(problem, CancellationToken.none()).solve(1000, null, 1e-8, 1000);
        assertThat(s.converged()).isTrue();
        assertThat(LinearSolver.trainingScores(s, problem)[0]).isEqualTo(1.0);
        assertThat(s.dataLoss()).isLessThan(0.01);
    }
}
