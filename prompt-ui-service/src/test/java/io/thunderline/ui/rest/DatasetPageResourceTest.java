package io.thunderline.ui.rest;

import io.thunderline.ui.service.FormError;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetPageResourceTest {

    @Test
    void mainScoresAreOnlyThoseTheJobHasInAFixedOrder() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("val_accuracy", 0.8);
        metrics.put("loss", 0.3);
        metrics.put("val_f1", 0.75);
        metrics.put("rougeL", "not a number");
        assertThat(DatasetPageResource.mainScores(metrics))
                .extracting(DatasetPageResource.Score::metric, DatasetPageResource.Score::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("val_f1", 0.75),
                        org.assertj.core.groups.Tuple.tuple("val_accuracy", 0.8));
        // one F1 and one accuracy: the cross-validated estimate rather than the other forms of the same score
        assertThat(DatasetPageResource.mainScores(Map.of("f1", 0.5, "cv_f1_mean", 0.52, "val_f1", 0.7,
                        "accuracy", 0.6, "cv_accuracy_mean", 0.61)))
                .extracting(DatasetPageResource.Score::metric).containsExactly("cv_f1_mean", "cv_accuracy_mean");
        assertThat(DatasetPageResource.mainScores(Map.of("rougeL", 0.41, "cosine", 0.7)))
                .extracting(DatasetPageResource.Score::label).containsExactly("ROUGE-L", "cosine similarity");
        assertThat(DatasetPageResource.mainScores(Map.of())).isEmpty();
        assertThat(DatasetPageResource.mainScores(null)).isEmpty();
    }

    @Test
    void versionNumbersAreRefusedNamingTheField() {
        assertThat(DatasetPageResource.version("from", " 3 ")).isEqualTo(3);
        for (String bad : new String[]{null, "", "0", "-1", "two", "1.5"}) {
            assertThatThrownBy(() -> DatasetPageResource.version("to", bad)).isInstanceOf(FormError.class)
                    .satisfies(e -> assertThat(((FormError) e).field()).isEqualTo("to"));
        }
    }
}
