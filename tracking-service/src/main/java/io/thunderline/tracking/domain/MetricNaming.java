package io.thunderline.tracking.domain;

import io.thunderline.contracts.JobUpdate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Names and steps of a job update's metrics in MLflow. A metric name alone does not say what was measured (the
 * trainer sends "val_f1" per search epoch, per trial and for the final model), so the update's trial and epoch decide:
 * <table>
 * <tr><th>update carries</th><th>MLflow key</th><th>step</th></tr>
 * <tr><td>epoch, no trial (training the chosen architecture)</td><td>{@code val_f1}</td><td>epoch</td></tr>
 * <tr><td>trial, no epoch (a search trial's result)</td><td>{@code trial_val_f1}</td><td>trial</td></tr>
 * <tr><td>trial and epoch (an epoch inside a search trial)</td><td>{@code search/trial_3/val_f1}</td><td>epoch</td></tr>
 * <tr><td>neither, phase 4 or a final status (evaluation)</td><td>{@code final_val_f1}</td><td>0</td></tr>
 * <tr><td>neither, phases 1-3</td><td>{@code phase1_rows}</td><td>0</td></tr>
 * </table>
 * The "search/" prefix makes the MLflow UI group each trial's curves in one section. Times are the update's time.
 */
public final class MetricNaming {
    private MetricNaming() {
    }

    public static List<MetricPoint> points(JobUpdate update) {
        List<MetricPoint> points = new ArrayList<>(update.metrics().size());
        long time = update.at().toEpochMilli();
        for (Map.Entry<String, Double> m : update.metrics().entrySet()) {
            if (m.getValue() == null) {
                continue;
            }
            points.add(new MetricPoint(key(update, m.getKey()), step(update), m.getValue(), time));
        }
        return points;
    }

    static String key(JobUpdate u, String name) {
        String metric = MlflowNames.key(name);
        if (u.epoch() != null && u.trial() != null) {
            return MlflowNames.key("search/trial_" + u.trial() + "/" + metric);
        }
        if (u.epoch() != null) {
            return metric;
        }
        if (u.trial() != null) {
            return MlflowNames.key("trial_" + metric);
        }
        if (u.status().terminal() || u.phase() != null && u.phase() == JobUpdate.PHASES) {
            return MlflowNames.key("final_" + metric);
        }
        return MlflowNames.key("phase" + (u.phase() == null ? 0 : u.phase()) + "_" + metric);
    }

    static long step(JobUpdate u) {
        if (u.epoch() != null) {
            return u.epoch();
        }
        if (u.trial() != null) {
            return u.trial();
        }
        return 0;
    }
}
