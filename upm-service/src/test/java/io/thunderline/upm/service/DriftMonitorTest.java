package io.thunderline.upm.service;

import io.thunderline.contracts.DriftVerdict;
import io.thunderline.ml.online.DriftReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DriftMonitorTest {
    @Test
    void p95OverTheThresholdQuarantinesAndPsiOnlyWarns() {
        assertThat(DriftMonitor.verdict(new DriftReport(0.25, 0.01, 100), 0.2, 0.2)).isEqualTo(DriftVerdict.QUARANTINED);
        assertThat(DriftMonitor.verdict(new DriftReport(0.2, 0.01, 100), 0.2, 0.2)).isEqualTo(DriftVerdict.WARN);
        assertThat(DriftMonitor.verdict(new DriftReport(0.05, 0.5, 100), 0.2, 0.2)).isEqualTo(DriftVerdict.WARN);
        assertThat(DriftMonitor.verdict(new DriftReport(0.05, 0.05, 100), 0.2, 0.2)).isEqualTo(DriftVerdict.OK);
    }

    @Test
    void aCandidateThatLearnedANewLabelIsComparedWithTheNarrowerServedModel() {
        int dims = io.thunderline.upm.wire.UpmFeatures.SPEC.hashDims();
        io.thunderline.ml.online.OnlineSoftmax model = new io.thunderline.ml.online.OnlineSoftmax(dims, 16, 0.5);
        java.util.List<io.thunderline.ml.text.SparseVector> rows = java.util.stream.Stream.of("a lovely day", "an awful meal",
                "the bus came at noon").map(io.thunderline.upm.wire.UpmFeatures::featurize).toList();
        model.update(java.util.List.of(new io.thunderline.ml.online.LabeledSparse(rows.get(0), 0),
                new io.thunderline.ml.online.LabeledSparse(rows.get(1), 1)));
        ActiveModel served = ActiveModel.of(io.thunderline.contracts.ModelType.SENTIMENT_ANALYSIS, 1, model,
                java.util.List.of("positive", "negative"), "c1");
        model.update(java.util.List.of(new io.thunderline.ml.online.LabeledSparse(rows.get(2), 2)));
        ActiveModel candidate = ActiveModel.of(io.thunderline.contracts.ModelType.SENTIMENT_ANALYSIS, 2, model,
                java.util.List.of("positive", "negative", "neutral"), "c2");
        assertThat(served.classes()).isEqualTo(2);
        assertThat(candidate.classes()).isEqualTo(3);

        double[][][] scored = DriftMonitor.scored(served, candidate, rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(scored[0][i]).hasSize(3);
            assertThat(scored[0][i][2]).isZero();
            assertThat(scored[0][i][0] + scored[0][i][1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(scored[1][i]).containsExactly(candidate.probabilities(rows.get(i)));
        }
        // the new class's mass counts as a difference, as when both arrays had all 16 slots
        DriftReport report = io.thunderline.ml.online.Drift.compare(scored[0], scored[1]);
        assertThat(report.p95AbsDifference()).isGreaterThanOrEqualTo(scored[1][2][2]).isPositive();
        assertThat(DriftMonitor.scored(candidate, served, rows)[1][0]).hasSize(3);
    }
}
