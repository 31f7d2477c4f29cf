package io.thunderline.dataset.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeSummaryTest {

    private static Map<String, Integer> labels(Object... labelAndCount) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < labelAndCount.length; i += 2) {
            map.put((String) labelAndCount[i], (Integer) labelAndCount[i + 1]);
        }
        return map;
    }

    @Test
    void firstVersionCountsExamplesAndNamesLabels() {
        assertThat(ChangeSummary.first(6, labels("positive", 2, "negative", 2, "neutral", 2)))
                .isEqualTo("first version: 6 examples, labels: positive, negative, neutral");
        assertThat(ChangeSummary.first(1, Map.of())).isEqualTo("first version: 1 example");
    }

    @Test
    void theIssuesExample() {
        assertThat(ChangeSummary.between(new ChangeSummary.Diff(3, 1, 0), labels("positive", 2, "negative", 2),
                labels("positive", 3, "negative", 2, "neutral", 2), false))
                .isEqualTo("+3 examples, \u22121 example, labels added: neutral");
    }

    @Test
    void relabelledRemovedLabelsAndTask() {
        assertThat(ChangeSummary.between(new ChangeSummary.Diff(1, 0, 2), labels("a", 2, "b", 2, "c", 2),
                labels("a", 3, "b", 3), true))
                .isEqualTo("+1 example, 2 relabelled, labels removed: c, task changed");
    }

    @Test
    void nothingChanged() {
        assertThat(ChangeSummary.between(new ChangeSummary.Diff(0, 0, 0), Map.of(), Map.of(), false))
                .isEqualTo("no changes");
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> new ChangeSummary.Diff(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
