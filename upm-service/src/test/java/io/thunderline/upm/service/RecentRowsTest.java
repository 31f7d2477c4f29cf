package io.thunderline.upm.service;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.ml.text.SparseVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecentRowsTest {
    private int next;

    /** A window of n rows; row i has the single feature (next id) so rows can be told apart. */
    private List<FeatureWindow.FeatureRow> window(int n) {
        List<FeatureWindow.FeatureRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new FeatureWindow.FeatureRow(new int[]{next++}, new float[]{1f}, "a"));
        }
        return rows;
    }

    private static List<Integer> ids(List<SparseVector> rows) {
        return rows.stream().map(r -> r.indices()[0]).toList();
    }

    @Test
    void servesTheNewestRowsOfTheActiveSnapshotNotTheCandidates() {
        RecentRows recent = new RecentRows(4, true);
        recent.applied(window(3)); // rows 0-2
        recent.snapshotted(1);
        recent.applied(window(3)); // rows 3-5
        recent.snapshotted(2);
        recent.applied(window(2)); // rows 6-7: the candidate's own, not in a snapshot yet
        assertThat(recent.learnedBy(2)).hasValueSatisfying(r -> assertThat(ids(r)).containsExactly(5, 4, 3, 2));
        // v2 quarantined, v1 still active: its rows are older than v2's, so the memory cannot be sure (v2's trimmed them)
        assertThat(recent.learnedBy(1)).isEmpty();
    }

    @Test
    void aYoungFamilyGetsWhatThereIsAndAnUnknownPastAsksTheDatabase() {
        RecentRows young = new RecentRows(10, true);
        young.applied(window(3));
        young.snapshotted(1);
        assertThat(young.learnedBy(1)).hasValueSatisfying(r -> assertThat(ids(r)).containsExactly(2, 1, 0));
        // the next candidate's own rows, applied and not yet in a snapshot, are in the way: the answer is still known
        young.applied(window(2)); // rows 3-4
        assertThat(young.learnedBy(1)).hasValueSatisfying(r -> assertThat(ids(r)).containsExactly(2, 1, 0));
        // v2 (rows 3-4) quarantined, v1 still active: nothing was trimmed, so v1's rows are all here
        young.snapshotted(2);
        young.applied(window(1)); // row 5
        assertThat(young.learnedBy(1)).hasValueSatisfying(r -> assertThat(ids(r)).containsExactly(2, 1, 0));
        assertThat(young.learnedBy(2)).hasValueSatisfying(r -> assertThat(ids(r)).containsExactly(4, 3, 2, 1, 0));

        RecentRows restarted = new RecentRows(10, false);
        restarted.applied(window(3));
        restarted.snapshotted(5);
        assertThat(restarted.learnedBy(5)).isEmpty();
        restarted.applied(window(8));
        restarted.snapshotted(6);
        assertThat(restarted.learnedBy(6)).hasValueSatisfying(r -> assertThat(r).hasSize(10));

        restarted.reset();
        assertThat(restarted.learnedBy(6)).isEmpty();
    }
}
