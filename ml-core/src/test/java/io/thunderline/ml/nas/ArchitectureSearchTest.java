package io.thunderline.ml.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedSplit;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.testing.SyntheticText;
import io.thunderline.ml.text.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ArchitectureSearchTest {

    static final FeatureSpec SMALL_FEATURES = FeatureSpec.defaults().withHashDims(1 << 12);

    static SearchSpace smallSpace(long seed) {
        return SearchSpace.builder()
                .levels(1, 2).unitsPerLevel(1, 2).neuronsPerUnit(4, 12).inputWidth(16)
                .epochs(4).batchSize(32).moieties(2).tries(2).seed(seed).build();
    }

    @Test
    void separableDataIsLearnedToAtLeast95PercentOnHeldOutData() {
        LabeledData data = SyntheticText.separable(60, 3, 1);
        StratifiedSplit.Parts parts = StratifiedSplit.split(data, 0.25, 7);
        SearchResult result = new ArchitectureSearch(smallSpace(3), SMALL_FEATURES)
                .run(parts.train(), SearchListener.NONE, CancellationToken.none());
        List<Prediction> predictions = result.model().predictAll(parts.heldOut().texts());
        long correct = 0;
        for (int i = 0; i < predictions.size(); i++) {
            if (predictions.get(i).label().equals(parts.heldOut().labels().get(i))) {
                correct++;
            }
        }
        assertThat((double) correct / predictions.size()).isGreaterThanOrEqualTo(0.95);
        // one linear trial (no encoder: n-grams straight to the output) and 2 × 2 drawn ones
        assertThat(result.ranking()).hasSize(5);
        assertThat(result.ranking()).anySatisfy(t -> assertThat(t.architecture().hiddenLevels()).isZero());
        assertThat(result.ranking().get(0)).isEqualTo(result.best());
    }

    @Test
    void sameSeedGivesTheSameSearchAndModel() {
        LabeledData data = SyntheticText.separable(30, 2, 5);
        SearchResult first = new ArchitectureSearch(smallSpace(11), SMALL_FEATURES).run(data, SearchListener.NONE, CancellationToken.none());
        SearchResult second = new ArchitectureSearch(smallSpace(11), SMALL_FEATURES).run(data, SearchListener.NONE, CancellationToken.none());
        assertThat(second.ranking()).hasSameSizeAs(first.ranking());
        for (int i = 0; i < first.ranking().size(); i++) {
            TrialResult a = first.ranking().get(i);
            TrialResult b = second.ranking().get(i);
            assertThat(b.architecture()).isEqualTo(a.architecture());
            assertThat(b.history()).isEqualTo(a.history());
        }
        String probe = "topic1word3 the topic0word2";
        assertThat(second.model().predict(probe)).isEqualTo(first.model().predict(probe));
    }

    @Test
    void differentSeedsDrawDifferentArchitectures() {
        LabeledData data = SyntheticText.separable(20, 2, 5);
        SearchSpace space = smallSpace(1).toBuilder().epochs(1).build();
        SearchResult a = new ArchitectureSearch(space, SMALL_FEATURES).run(data, SearchListener.NONE, CancellationToken.none());
        SearchResult b = new ArchitectureSearch(space.toBuilder().seed(2).build(), SMALL_FEATURES)
                .run(data, SearchListener.NONE, CancellationToken.none());
        List<String> archA = a.ranking().stream().map(t -> t.architecture().describe()).sorted().toList();
        List<String> archB = b.ranking().stream().map(t -> t.architecture().describe()).sorted().toList();
        assertThat(archA).isNotEqualTo(archB);
    }

    @Test
    void cancellingStopsBeforeTheNextBatch() {
        LabeledData data = SyntheticText.separable(50, 2, 9);
        CancellationToken cancel = new CancellationToken();
        AtomicInteger batches = new AtomicInteger();
        SearchListener cancelAtThirdBatch = new SearchListener() {
            @Override
            public void onBatch(int trial, int epoch, int batch, double loss) {
                if (batches.incrementAndGet() == 3) {
                    cancel.cancel();
                }
            }
        };
        // AdamW linear trials: under cross-validation the folds report no batches, the retraining does
        assertThatThrownBy(() -> new ArchitectureSearch(smallSpace(4).toBuilder().batchSize(8).convexLinear(false).build(),
                SMALL_FEATURES).run(data, cancelAtThirdBatch, cancel))
                .isInstanceOf(SearchCancelledException.class);
        assertThat(batches.get()).isEqualTo(3);
    }

    @Test
    void cancellingStopsTheLinearSolver() {
        LabeledData data = SyntheticText.separable(50, 2, 9);
        CancellationToken cancel = new CancellationToken();
        List<Integer> started = new ArrayList<>();
        SearchListener cancelAtFirstTrial = new SearchListener() {
            @Override
            public void onTrialStart(int trial, String architectureDescription) {
                started.add(trial);
                cancel.cancel();
            }
        };
        assertThatThrownBy(() -> new ArchitectureSearch(smallSpace(4), SMALL_FEATURES).run(data, cancelAtFirstTrial, cancel))
                .isInstanceOf(SearchCancelledException.class);
        assertThat(started).containsExactly(0);
    }

    @Test
    void listenerSeesEveryTrialAndEpochWithAllMetrics() {
        LabeledData data = SyntheticText.separable(20, 2, 3);
        List<String> events = new ArrayList<>();
        List<Map<String, Double>> epochs = new ArrayList<>();
        SearchListener recorder = new SearchListener() {
            @Override
            public void onPhase(String phase, String detail) {
                events.add("phase:" + phase);
            }

            @Override
            public void onTrialStart(int trial, String architectureDescription) {
                events.add("start:" + trial);
            }

            @Override
            public void onEpoch(int trial, int epoch, Map<String, Double> metrics) {
                if (trial < 5) {
                    epochs.add(metrics);
                }
            }

            @Override
            public void onTrialEnd(int trial, int bestEpoch, Map<String, Double> bestMetrics) {
                // trial 0 is the linear model: its "epochs" are the points of its C path
                int most = trial == 0 ? ConvexLinear.C_GRID.length : 4;
                events.add("end:" + trial + "@" + (bestEpoch >= 1 && bestEpoch <= most));
            }
        };
        new ArchitectureSearch(smallSpace(8), SMALL_FEATURES).run(data, recorder, CancellationToken.none());
        assertThat(events).containsExactly("phase:featurize", "phase:search",
                "start:0", "end:0@true", "start:1", "end:1@true", "start:2", "end:2@true", "start:3", "end:3@true",
                "start:4", "end:4@true", "phase:retrain", "phase:done");
        assertThat(epochs.stream().filter(m -> !m.containsKey("C"))).hasSize(16);
        assertThat(epochs.stream().filter(m -> m.containsKey("C")).count()).isBetween(2L, (long) ConvexLinear.C_GRID.length);
        assertThat(epochs).allSatisfy(m -> assertThat(m).containsKeys(
                "loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1"));
        assertThat(epochs.stream().filter(m -> !m.containsKey("C"))).allSatisfy(m -> assertThat(m).containsOnlyKeys(
                "loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1"));
    }

    @Test
    void aSearchPastItsTimeBudgetStopsAfterTheLinearTrialsAndSaysSo() {
        LabeledData data = SyntheticText.separable(60, 3, 1);
        List<String> phases = new ArrayList<>();
        SearchListener recorder = new SearchListener() {
            @Override
            public void onPhase(String phase, String detail) {
                phases.add(phase + ": " + detail);
            }
        };
        // the budget is spent before the search starts: only what must run (the linear trial, the retrain) runs
        SearchResult late = new ArchitectureSearch(smallSpace(3), SMALL_FEATURES)
                .run(data, recorder, CancellationToken.none().withDeadline(System.nanoTime()));
        assertThat(late.ranking()).hasSize(1);
        assertThat(late.best().architecture().hiddenLevels()).isZero();
        assertThat(late.model().provenance()).containsEntry("trials", "1");
        assertThat(phases).anySatisfy(p -> assertThat(p).startsWith("search: stopped after 1 of 5 trials"));
        // a budget far away changes nothing: every trial runs, the same as without one
        SearchResult roomy = new ArchitectureSearch(smallSpace(3), SMALL_FEATURES)
                .run(data, SearchListener.NONE, CancellationToken.none().withDeadline(System.nanoTime() + 3_600_000_000_000L));
        assertThat(roomy.ranking()).hasSize(5);
    }

    @Test
    void aTokenWithADeadlineIsCancelledWithItsParent() {
        CancellationToken parent = CancellationToken.none();
        CancellationToken child = parent.withDeadline(System.nanoTime() + 1_000_000_000L);
        assertThat(child.hasDeadline()).isTrue();
        assertThat(child.nanosLeft()).isPositive().isLessThanOrEqualTo(1_000_000_000L);
        assertThat(parent.hasDeadline()).isFalse();
        assertThat(parent.nanosLeft()).isEqualTo(Long.MAX_VALUE);
        assertThat(child.isCancelled()).isFalse();
        parent.cancel();
        assertThat(child.isCancelled()).isTrue();
        assertThatThrownBy(child::throwIfCancelled).isInstanceOf(SearchCancelledException.class);
    }

    @Test
    void singleLabelDataIsRefused() {
        LabeledData data = new LabeledData(List.of("a", "b"), List.of("x", "x"));
        assertThatThrownBy(() -> new ArchitectureSearch(smallSpace(1), SMALL_FEATURES).run(data, SearchListener.NONE, CancellationToken.none()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
