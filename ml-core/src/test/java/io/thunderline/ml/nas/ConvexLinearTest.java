package io.thunderline.ml.nas;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.testing.SyntheticText;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvexLinearTest {

    /** 3 classes, sparse and dense inputs, with a fifth of the training labels flipped so C matters. */
    static EncodedData noisy(int n, long seed) {
        EncodedData data = LinearSolverTest.tiny(n, seed);
        int[] labels = data.labels().clone();
        for (int i = 0; i < labels.length; i += 5) {
            labels[i] = (labels[i] + 1) % 3;
        }
        return new EncodedData(data.features(), labels, data.dense());
    }

    static Architecture sparseAndDense() {
        ArchitectureSampler sampler = new ArchitectureSampler(SearchSpace.defaults(), 12, 4, 3);
        return sampler.sample(new int[0], new java.util.SplittableRandom(1), new ArchitectureSampler.Inputs(false, true, true));
    }

    @Test
    void cIsChosenByTheHeldOutExamplesNotByTheTrainingFit() {
        Architecture a = sparseAndDense();
        assertThat(ConvexLinear.applies(a)).isTrue();
        BatchPlan train = BatchPlan.shuffled(noisy(150, 11), 16, 3);
        BatchPlan held = BatchPlan.sequential(LinearSolverTest.tiny(60, 12), 32);
        List<ConvexLinear.Point> path = ConvexLinear.path(a, train, held, true, CancellationToken.none());
        TrainingOutcome outcome = ConvexLinear.outcome(path, NetworkTrainer.Reporter.SILENT);
        // the points are the grid in order, each with its validation scores
        for (int i = 0; i < path.size(); i++) {
            assertThat(path.get(i).metrics().get("C")).isEqualTo(ConvexLinear.C_GRID[i]);
            assertThat(path.get(i).metrics()).containsKeys("val_f1", "val_loss", "f1", "loss");
        }
        // the chosen point is the best by validation macro F1, then validation loss
        int chosen = outcome.bestEpoch() - 1;
        for (ConvexLinear.Point p : path) {
            assertThat(NetworkTrainer.better(p.metrics(), path.get(chosen).metrics(), true)).isFalse();
        }
        // the training fit keeps improving with C (less regularisation), the held-out choice does not follow it
        double[] trainLoss = path.stream().mapToDouble(p -> p.metrics().get("loss")).toArray();
        for (int i = 1; i < trainLoss.length; i++) {
            assertThat(trainLoss[i]).isLessThan(trainLoss[i - 1]);
        }
        assertThat(outcome.heldOut().probabilities()).isEqualTo(path.get(chosen).heldOut().probabilities());
    }

    @Test
    void theInstalledNetworkComputesTheSolversModel() {
        Architecture a = sparseAndDense();
        EncodedData data = LinearSolverTest.tiny(45, 13);
        BatchPlan plan = BatchPlan.sequential(data, 45);
        LinearSolver.Problem problem = ConvexLinear.problem(a, plan, false);
        LinearSolver solver = new LinearSolver(problem, CancellationToken.none());
        LinearSolver.Solution s = solver.solve(10, null, 1e-10, 1000);
        Network network = new Network(a, 0);
        ConvexLinear.install(network, problem, s);
        double[][] p = Scoring.probabilities(network, data.features(), data.dense());
        double loss = 0;
        for (int i = 0; i < data.size(); i++) {
            loss -= Math.log(p[i][data.labels()[i]]);
        }
        // the network's mean cross-entropy is the solver's data term (sparse weights are stored as floats)
        assertThat(loss / data.size()).isCloseTo(s.dataLoss(), org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void theSearchRanksLinearTrialsByTheirBestCAndRetrainsAtIt() {
        LabeledData data = SyntheticText.separable(30, 3, 4);
        SearchResult result = new ArchitectureSearch(ArchitectureSearchTest.smallSpace(2), ArchitectureSearchTest.SMALL_FEATURES)
                .run(data, SearchListener.NONE, CancellationToken.none());
        TrialResult linear = result.ranking().stream().filter(t -> t.architecture().hiddenLevels() == 0)
                .findFirst().orElseThrow();
        List<Map<String, Double>> history = linear.history();
        assertThat(history).isNotEmpty();
        Map<String, Double> best = history.get(linear.bestEpoch() - 1);
        assertThat(best.get("val_f1")).isEqualTo(history.stream().mapToDouble(m -> m.get("val_f1")).max().orElseThrow());
        assertThat(linear.validationF1()).isEqualTo(best.get("val_f1"));
        if (result.best().architecture().hiddenLevels() == 0) {
            assertThat(result.model().provenance().get("linearSolver"))
                    .contains("C = " + ConvexLinear.cOf(result.best().bestEpoch()));
        }
    }

    @Test
    void dataAboveTheNonZeroLimitKeepsAdamWForTheLinearTrials() {
        LabeledData data = SyntheticText.separable(30, 3, 4);
        SearchSpace space = ArchitectureSearchTest.smallSpace(2).toBuilder().convexLinearMaxNonZeros(10).build();
        SearchResult result = new ArchitectureSearch(space, ArchitectureSearchTest.SMALL_FEATURES)
                .run(data, SearchListener.NONE, CancellationToken.none());
        TrialResult linear = result.ranking().stream().filter(t -> t.architecture().hiddenLevels() == 0)
                .findFirst().orElseThrow();
        assertThat(linear.history()).hasSize(space.epochs()).allSatisfy(m -> assertThat(m).doesNotContainKey("C"));
        assertThat(result.model().provenance()).doesNotContainKey("linearSolver");
    }

    @Test
    void thePathStopsOnceACIsNoBetterThanTheBest() {
        Map<String, Double> good = Map.of("val_f1", 0.9, "val_loss", 0.3);
        Map<String, Double> worse = Map.of("val_f1", 0.8, "val_loss", 0.3);
        Map<String, Double> better = Map.of("val_f1", 0.95, "val_loss", 0.3);
        assertThat(exhausted(good)).isFalse();
        assertThat(exhausted(good, better)).isFalse();
        assertThat(exhausted(good, better, worse)).isTrue();
        assertThat(exhausted(good, good)).isTrue();
    }

    @SafeVarargs
    private static boolean exhausted(Map<String, Double>... history) {
        return ConvexLinear.exhausted(Arrays.asList(history));
    }
}
