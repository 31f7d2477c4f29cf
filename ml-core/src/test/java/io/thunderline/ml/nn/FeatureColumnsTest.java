package io.thunderline.ml.nn;

import io.thunderline.ml.text.SparseVector;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureColumnsTest {

    @Test
    void rowsAndValuesAreGroupedByFeatureInAscendingOrder() {
        List<SparseVector> batch = List.of(
                new SparseVector(new int[]{2, 5}, new float[]{0.5f, 1.5f}),
                new SparseVector(new int[]{5}, new float[]{2f}),
                new SparseVector(new int[]{0, 2}, new float[]{3f, 4f}));
        FeatureColumns cols = FeatureColumns.of(batch, 8);
        assertThat(cols.features).containsExactly(0, 2, 5);
        assertThat(cols.start).containsExactly(0, 1, 3, 5);
        assertThat(cols.row).containsExactly((char) 2, (char) 0, (char) 2, (char) 0, (char) 1);
        assertThat(cols.value).containsExactly(3f, 0.5f, 4f, 1.5f, 2f);
    }

    @Test
    void theLastRowNumberThatFitsSixteenBitsIsKeptAndALargerBatchIsRefused() {
        SparseVector one = new SparseVector(new int[]{1}, new float[]{1f});
        List<SparseVector> largest = new java.util.ArrayList<>(Collections.nCopies(FeatureColumns.MAX_ROWS - 1, SparseVector.empty()));
        largest.add(one);
        FeatureColumns cols = FeatureColumns.of(largest, 4);
        assertThat((int) cols.row[0]).isEqualTo(FeatureColumns.MAX_ROWS - 1);

        List<SparseVector> tooMany = Collections.nCopies(FeatureColumns.MAX_ROWS + 1, one);
        assertThatThrownBy(() -> FeatureColumns.of(tooMany, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + FeatureColumns.MAX_ROWS + " rows");
    }
}
