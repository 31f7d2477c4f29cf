package io.thunderline.ml.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.thunderline.ml.text.SparseVector;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftTest {

    @Test
    void aModelComparedWithItselfHasNoDrift() {
        OnlineSoftmax model = new OnlineSoftmax(OnlineSoftmaxTest.DIMS, 3, 0.5);
        List<List<LabeledSparse>> windows = OnlineSoftmaxTest.windows(7, false);
        windows.forEach(model::update);
        DriftReport report = Drift.compare(model, OnlineSoftmax.fromBytes(model.toBytes()), samples(windows));
        assertThat(report.p95AbsDifference()).isZero();
        assertThat(report.psi()).isZero();
        assertThat(report.exceeds(DriftReport.DEFAULT_THRESHOLD)).isFalse();
        assertThat(report.stability()).isEqualTo("stable");
    }

    @Test
    void aCandidateTrainedOnFlippedLabelsIsOverTheThreshold() {
        List<List<LabeledSparse>> clean = OnlineSoftmaxTest.windows(8, false);
        List<List<LabeledSparse>> flipped = OnlineSoftmaxTest.windows(8, true);
        OnlineSoftmax active = new OnlineSoftmax(OnlineSoftmaxTest.DIMS, 3, 0.5);
        clean.forEach(active::update);
        OnlineSoftmax candidate = OnlineSoftmax.fromBytes(active.toBytes());
        flipped.forEach(candidate::update);
        OnlineSoftmax healthy = OnlineSoftmax.fromBytes(active.toBytes());
        OnlineSoftmaxTest.windows(9, false).forEach(healthy::update);

        DriftReport drifted = Drift.compare(active, candidate, samples(clean));
        DriftReport fine = Drift.compare(active, healthy, samples(clean));
        assertThat(drifted.exceeds(DriftReport.DEFAULT_THRESHOLD)).isTrue();
        assertThat(fine.exceeds(DriftReport.DEFAULT_THRESHOLD)).isFalse();
        assertThat(fine.p95AbsDifference()).isLessThan(drifted.p95AbsDifference());
    }

    @Test
    void aCandidateWhoseScoresShiftHasSignificantPsi() {
        List<List<LabeledSparse>> clean = OnlineSoftmaxTest.windows(10, false);
        OnlineSoftmax active = new OnlineSoftmax(OnlineSoftmaxTest.DIMS, 3, 0.5);
        clean.forEach(active::update);
        OnlineSoftmax collapsed = OnlineSoftmax.fromBytes(active.toBytes());
        // Everything labelled 0: the class-0 score distribution moves towards 1.
        clean.forEach(w -> collapsed.update(w.stream().map(e -> new LabeledSparse(e.features(), 0)).toList()));
        DriftReport report = Drift.compare(active, collapsed, samples(clean));
        assertThat(report.psi()).isGreaterThan(0.2);
        assertThat(report.stability()).isEqualTo("significant");
    }

    @Test
    void psiAndPercentileMatchHandComputedValues() {
        // Expected: half the scores in bin 0, half in bin 9; actual: all in bin 9.
        double[] expected = {0.05, 0.05, 0.95, 0.95};
        double[] actual = {0.95, 0.95, 0.95, 0.95};
        double psi = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
        assertThat(Drift.psi(expected, actual)).isCloseTo(psi, within(1e-12));
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i;
        }
        assertThat(Drift.percentile(values, 0.95)).isEqualTo(95.0);
    }

    private static List<SparseVector> samples(List<List<LabeledSparse>> windows) {
        return windows.stream().flatMap(List::stream).map(LabeledSparse::features).toList();
    }
}
