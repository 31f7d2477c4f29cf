package io.thunderline.upm.service;

import io.thunderline.contracts.AdapterEvent;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.AdapterPayload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotRehearsalTest {
    private static final int DIMS = 1 << 12;

    /** What the rehearsal handed to the adapter builder: the candidate and the version it would be a delta from. */
    private record Call(long version, Long base, int classes, int nonZero) {
    }

    @Test
    void everyPassAfterTheFirstBuildsADeltaFromThePreviousPassAndChecksDrift() {
        List<Call> calls = new ArrayList<>();
        List<Long> encoded = new ArrayList<>();
        SnapshotRehearsal.Result result = SnapshotRehearsal.run(DIMS, 16, 0.5, 5, Duration.ofSeconds(30),
                model -> encoded.add(model.examplesSeen()),
                (candidate, base) -> {
                    calls.add(new Call(candidate.version(), base == null ? null : base.version(), candidate.classes(),
                            candidate.nonZero()));
                    return prepared(candidate);
                });

        assertThat(result.passes()).isEqualTo(5);
        assertThat(result.deltas()).isEqualTo(4);
        // the model learns a window per pass, and is stored after it, as a snapshot stores it
        assertThat(encoded).containsExactly(32L, 64L, 96L, 128L, 160L);
        assertThat(calls).extracting(Call::base).containsExactly(null, 1L, 2L, 3L, 4L);
        // the snapshot holds the two labels seen, not the 16 slots: the size a real family's first snapshots have
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.classes()).isEqualTo(2);
            assertThat(c.nonZero()).isPositive();
        });
    }

    @Test
    void aSpentBudgetRunsNoPass() {
        SnapshotRehearsal.Result result = SnapshotRehearsal.run(DIMS, 16, 0.5, 5, Duration.ZERO,
                model -> {
                    throw new AssertionError("no pass should run");
                }, (candidate, base) -> prepared(candidate));

        assertThat(result.passes()).isZero();
    }

    @Test
    void rowsAreValidSparseVectorsInsideTheFeatureSpace() {
        for (int dims : new int[]{1, 7, 40, 41, DIMS, 1 << 18}) {
            for (int pass = 1; pass <= 3; pass++) {
                SparseVector x = SnapshotRehearsal.row(dims, pass, pass * 5);
                assertThat(java.util.Arrays.stream(x.indices()).boxed().toList()).as("dims %d", dims).isNotEmpty()
                        .allSatisfy(i -> assertThat(i).isBetween(0, dims - 1));
                assertThat(x.size()).isEqualTo(Math.min(40, dims));
            }
        }
        // the rows differ, so the weights change from pass to pass as a learner's do
        assertThat(SnapshotRehearsal.row(DIMS, 1, 0).indices()).isNotEqualTo(SnapshotRehearsal.row(DIMS, 2, 0).indices());
    }

    private static AdapterSync.Prepared prepared(ActiveModel candidate) {
        AdapterEvent event = AdapterEvent.retireCanary(candidate.family(), candidate.version(), Instant.EPOCH);
        return new AdapterSync.Prepared(event, AdapterPayload.Kind.FULL_DENSE, 0, candidate.weights().length, 0, null);
    }
}
