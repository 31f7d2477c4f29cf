package io.thunderline.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedSplit;
import io.thunderline.ml.model.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static Prediction predicted(String label, double p, String other) {
        return new Prediction(label, p, Map.of(label, p, other, 1 - p));
    }

    @Test
    void metricsMatchAHandComputedExample() {
        List<String> labels = List.of("ham", "spam");
        List<String> actual = List.of("spam", "spam", "spam", "ham", "ham");
        List<Prediction> predictions = List.of(
                predicted("spam", 0.9, "ham"), predicted("spam", 0.8, "ham"), predicted("ham", 0.6, "spam"),
                predicted("ham", 0.7, "spam"), predicted("spam", 0.5, "ham"));
        Evaluation e = Evaluation.of(labels, actual, predictions);
        assertThat(e.accuracy()).isEqualTo(0.6);
        assertThat(e.confusion()).isEqualTo(new int[][] {{1, 1}, {1, 2}});
        // spam: precision 2/3, recall 2/3; ham: precision 1/2, recall 1/2.
        assertThat(e.perClass().get("spam").precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(e.perClass().get("ham").recall()).isCloseTo(0.5, within(1e-12));
        assertThat(e.macroF1()).isCloseTo((2 / 3.0 + 0.5) / 2, within(1e-12));
        double loss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.7) + Math.log(0.5)) / 5;
        assertThat(e.loss()).isCloseTo(loss, within(1e-12));
        assertThat(e.perClass().get("spam").support()).isEqualTo(3);
    }

    @Test
    void stratifiedSplitKeepsEveryLabelsShareAndIsReproducible() {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            texts.add("t" + i);
            labels.add(i < 80 ? "a" : i < 95 ? "b" : "c");
        }
        LabeledData data = new LabeledData(texts, labels);
        StratifiedSplit.Parts parts = Evaluation.stratifiedSplit(data, 0.2, 3);
        assertThat(Collections.frequency(parts.heldOut().labels(), "a")).isEqualTo(16);
        assertThat(Collections.frequency(parts.heldOut().labels(), "b")).isEqualTo(3);
        assertThat(Collections.frequency(parts.heldOut().labels(), "c")).isEqualTo(1);
        assertThat(parts.train().size() + parts.heldOut().size()).isEqualTo(100);
        assertThat(Evaluation.stratifiedSplit(data, 0.2, 3)).isEqualTo(parts);
        assertThat(Evaluation.stratifiedSplit(data, 0.2, 4).heldOut().texts()).isNotEqualTo(parts.heldOut().texts());
    }
}
