package io.thunderline.tracking.domain;

import java.util.List;
import java.util.Map;

/**
 * One snapshot status event as it will be written to MLflow, decided when the event arrives so that a replay sends
 * exactly the same: new metric points (to the snapshot's run and to the family's history run), the snapshot run's tags,
 * its new status ({@code state} null: an older event arriving late moves nothing) and end time, the history run's tags,
 * and tags of other versions' runs (the previously served version back to shadow when another is activated).
 */
public record SnapshotOp(String family, long version, List<MetricPoint> metrics, Map<String, String> tags,
                         RunState state, Long endTime, Map<String, String> historyTags, List<VersionTags> others) {
    public SnapshotOp {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        historyTags = historyTags == null ? Map.of() : Map.copyOf(historyTags);
        others = others == null ? List.of() : List.copyOf(others);
    }

    /** Tags for the run of another version of the same family. */
    public record VersionTags(long version, Map<String, String> tags) {
        public VersionTags {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }
}
