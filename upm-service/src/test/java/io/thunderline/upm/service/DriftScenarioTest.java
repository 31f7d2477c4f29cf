package io.thunderline.upm.service;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.Drift;
import io.thunderline.ml.online.DriftReport;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.TestTexts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift rule on the data of UpmPipelineIT, without servers: more windows of the same kind pass, label-flipped
 * windows are quarantined, when both models are scored on the rows the active model learned from.
 */
class DriftScenarioTest {
    static List<FeatureWindow> windows(int from, int to, boolean flipped) {
        List<FeatureWindow> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(TestTexts.window("w" + i, ModelType.SENTIMENT_ANALYSIS, TestTexts.examples(16, i * 7919L), flipped));
        }
        return out;
    }

    static DriftReport drift(List<FeatureWindow> active, List<FeatureWindow> candidate) {
        OnlineSoftmax a = TestTexts.reference(active, 16, 0.5);
        OnlineSoftmax c = TestTexts.reference(candidate, 16, 0.5);
        List<SparseVector> samples = new ArrayList<>();
        for (FeatureWindow w : active) {
            w.rows().forEach(r -> samples.add(new SparseVector(r.indices(), r.values())));
        }
        return Drift.compare(a, c, samples);
    }

    @Test
    void learningMoreOfTheSamePassesAndFlippedLabelsAreQuarantined() {
        List<FeatureWindow> v1 = windows(1, 3, false);
        List<FeatureWindow> v2 = new ArrayList<>(v1);
        v2.addAll(windows(4, 6, false));
        List<FeatureWindow> v3 = new ArrayList<>(v2);
        v3.addAll(windows(7, 9, true));
        DriftReport normal = drift(v1, v2);
        DriftReport flipped = drift(v2, v3);
        System.out.printf("normal: p95 %.3f psi %.3f; flipped: p95 %.3f psi %.3f%n", normal.p95AbsDifference(), normal.psi(),
                flipped.p95AbsDifference(), flipped.psi());
        assertThat(DriftMonitor.verdict(normal, 0.2, 0.2)).isNotEqualTo(io.thunderline.contracts.DriftVerdict.QUARANTINED);
        assertThat(DriftMonitor.verdict(flipped, 0.2, 0.2)).isEqualTo(io.thunderline.contracts.DriftVerdict.QUARANTINED);
    }
}
