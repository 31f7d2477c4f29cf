package io.thunderline.trainer.engine;

import io.thunderline.ml.train.TrainingProgress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an engine reports while it trains a job: ml-core's progress callbacks (phases, trials, epochs, log lines),
 * plus the latest numbers of a remote service that sends no events. The job's run implements it; the engine never
 * sees how the reports are stored or published.
 */
public interface TrainingListener extends TrainingProgress {

    /** Metrics read without a trial or epoch event (trial and epoch may be null), in the current phase. */
    void onMetrics(Integer trial, Integer epoch, Map<String, Double> metrics);

    /** JSON has no NaN/Infinity: such values are left out rather than faked. */
    static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
