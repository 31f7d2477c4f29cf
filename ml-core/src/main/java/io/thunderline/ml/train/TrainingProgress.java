package io.thunderline.ml.train;

import io.thunderline.ml.nas.SearchListener;
import java.util.Map;

/** Where a training reports: the search's callbacks plus numbered phases (1 data, 2 search, 3 final training, 4 evaluation) and log lines. */
public interface TrainingProgress extends SearchListener {

    void phase(int number, String message, Map<String, String> params);

    void log(String level, String line);

    /** Prints phases and logs to standard error (the command line). */
    static TrainingProgress printing(java.io.PrintStream out) {
        return new TrainingProgress() {
            @Override
            public void phase(int number, String message, Map<String, String> params) {
                out.println("[phase " + number + "/4] " + message);
            }

            @Override
            public void log(String level, String line) {
                out.println("[" + level + "] " + line);
            }

            @Override
            public void onPhase(String phase, String detail) {
                out.println("[" + phase + "] " + detail);
            }

            @Override
            public void onTrialEnd(int trial, int bestEpoch, Map<String, Double> best) {
                out.printf(java.util.Locale.ROOT, "[trial %d] best epoch %d, validation macro F1 %.3f%n", trial, bestEpoch,
                        best.getOrDefault("val_f1", Double.NaN));
            }
        };
    }
}
