package io.thunderline.tracking.domain;

import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the UPM pipeline looks in MLflow. Per family an experiment {@code <prefix>upm-<family>} with
 * <ul>
 * <li>one run per snapshot version, {@code upm <family> v<version>}: params fixed at creation, the snapshot's metrics at
 * step = version, tags that follow its status and mode, and an MLflow status for where it ended up;</li>
 * <li>one history run, {@code upm <family> history}: every version's metrics at step = version, so that the MLflow UI
 * draws a family's holdout accuracy (and the rest) as one curve across versions, and the served version as a tag.</li>
 * </ul>
 * MLflow status of a snapshot run: created → RUNNING (a candidate, its drift check pending), activated → FINISHED (it
 * passed and is served), quarantined → FAILED (drift over the threshold), rolled_back → KILLED (taken out of service by
 * a rollback), archived → as before if it had ended, else FINISHED (retention dropped its weights). The end time is the
 * time of the first status that ended the run, so a run's duration is how long the candidate waited for its verdict.
 */
public final class SnapshotMapping {
    /** Tag holding the snapshot id on its run: how a run created just before a crash is found again. */
    public static final String SNAPSHOT_TAG = "thunderline.upm_snapshot";
    public static final String FAMILY_TAG = "thunderline.upm_family";
    /**
     * The snapshot's weights checksum, with {@link #SNAPSHOT_TAG} what finds its run again: an id ("family-vN") alone
     * recurs when two deployments share an MLflow server or upm-service's database starts afresh, and the other
     * run's params (another checksum) could never be logged to it.
     */
    public static final String CHECKSUM_TAG = "thunderline.upm_checksum";
    /** "history" on a family's history run: how it is found again. */
    public static final String ROLE_TAG = "thunderline.upm_role";
    public static final String HISTORY_ROLE = "history";

    public static final String STATUS_TAG = "upm.status";
    public static final String MODE_TAG = "upm.mode";
    public static final String STATUS_AT_TAG = "upm.status_at";
    public static final String HISTORY_TAG = "upm.history";
    public static final String ACTIVE_VERSION_TAG = "upm.active_version";
    public static final String LATEST_VERSION_TAG = "upm.latest_version";
    public static final String SERVED_UNTIL_TAG = "upm.served_until";
    /** Shown by the MLflow UI as the run's description. */
    public static final String NOTE_TAG = "mlflow.note.content";

    private SnapshotMapping() {
    }

    /** Key of the family's operations in pending_mlflow_ops (replayed in order, like a job's). */
    public static String stream(String family) {
        return "upm:" + family;
    }

    public static String experimentName(String prefix, String family) {
        return MlflowNames.experimentName(prefix, "upm-" + family);
    }

    public static String runName(String family, long version) {
        return "upm " + family + " v" + version;
    }

    public static String historyRunName(String family) {
        return "upm " + family + " history";
    }

    /** The MLflow status a snapshot's run takes at {@code status}; {@code before} is the one it had (null: none). */
    public static RunState state(SnapshotStatus status, RunState before) {
        return switch (status) {
            case CREATED -> RunState.RUNNING;
            case ACTIVATED -> RunState.FINISHED;
            case QUARANTINED -> RunState.FAILED;
            case ROLLED_BACK -> RunState.KILLED;
            case ARCHIVED -> before != null && before.terminal() ? before : RunState.FINISHED;
        };
    }

    /** End time to send with the new state: only when it is the first state that ends the run. */
    public static Long endTime(RunState state, RunState before, Instant at) {
        return state.terminal() && (before == null || !before.terminal()) ? at.toEpochMilli() : null;
    }

    /** Params of a snapshot's run: what never changes about it. */
    public static Map<String, String> params(String snapshotId, String family, long version, int windows, String checksum,
                                             String initialMode) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("snapshot_id", snapshotId);
        params.put("family", family);
        params.put("version", Long.toString(version));
        params.put("windows", Integer.toString(windows));
        params.put("checksum", checksum);
        params.put("initial_mode", initialMode);
        return params;
    }

    /** The tags that identify a snapshot's run (it is found again by them). */
    public static Map<String, String> runIdentity(String snapshotId, String checksum) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SNAPSHOT_TAG, snapshotId);
        tags.put(CHECKSUM_TAG, checksum);
        return tags;
    }

    /** Tags a snapshot's run is created with (it is found again by {@link #runIdentity}). */
    public static Map<String, String> runTags(String snapshotId, String checksum, String family, long version) {
        Map<String, String> tags = runIdentity(snapshotId, checksum);
        tags.put(FAMILY_TAG, family);
        tags.put("thunderline.upm_version", Long.toString(version));
        tags.put("mlflow.user", "upm-service");
        tags.put("mlflow.source.type", "JOB");
        tags.put("mlflow.source.name", "upm-service");
        return tags;
    }

    public static Map<String, String> historyRunTags(String family) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ROLE_TAG, HISTORY_ROLE);
        tags.put(FAMILY_TAG, family);
        tags.put("mlflow.user", "upm-service");
        tags.put("mlflow.source.type", "JOB");
        tags.put("mlflow.source.name", "upm-service");
        tags.put(NOTE_TAG, "Every snapshot of the " + family + " family, its metrics at step = version: the family's "
                + "learning curve across versions. The run of each version (`upm " + family + " v<version>`) has its "
                + "params, status and history; `" + ACTIVE_VERSION_TAG + "` names the version served now.");
        return tags;
    }

    /**
     * A snapshot's metrics as MLflow points at step = version, stamped with {@code at}. Non-finite values are left out
     * (MLflow's JSON API cannot carry them).
     */
    public static List<MetricPoint> points(Map<String, Double> metrics, long version, Instant at) {
        List<MetricPoint> points = new ArrayList<>(metrics.size());
        metrics.forEach((name, value) -> {
            if (value != null && Double.isFinite(value)) {
                points.add(new MetricPoint(MlflowNames.key(name), version, value, at.toEpochMilli()));
            }
        });
        return points;
    }

    /** One status a snapshot went through. */
    public record StatusChange(SnapshotStatus status, SnapshotMode mode, Instant at) {
    }

    /** Tags for the snapshot's newest status, with its whole status history (oldest first). */
    public static Map<String, String> statusTags(String family, long version, StatusChange newest,
                                                 List<StatusChange> history) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(STATUS_TAG, newest.status().wireName());
        tags.put(MODE_TAG, newest.mode().wireName());
        tags.put(STATUS_AT_TAG, newest.at().toString());
        tags.put(HISTORY_TAG, MlflowNames.tagValue(history(history)));
        tags.put(NOTE_TAG, MlflowNames.tagValue("UPM snapshot v" + version + " of " + family + ": **"
                + newest.status().wireName() + "** (mode " + newest.mode().wireName() + ") since " + newest.at()
                + ".\n\nStatus history: " + history(history) + "."));
        return tags;
    }

    /** "created 2026-11-25T10:00:00Z (shadow); activated 2026-11-25T10:00:02Z (active)". */
    public static String history(List<StatusChange> history) {
        return history.stream().map(c -> c.status().wireName() + " " + c.at() + " (" + c.mode().wireName() + ")")
                .collect(Collectors.joining("; "));
    }
}
