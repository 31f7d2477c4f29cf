package io.thunderline.tracking;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job as the trainer reports it (the updates of a four-phase classification run: the first carries the request, the
 * completed one the model's URL), with what MLflow must show for it written out by hand: metric names and steps per
 * the naming table in the README, not computed by the code under test.
 */
final class JobScript {
    record Expected(String key, long step, double value) {
    }

    static final String CONFUSION_MATRIX = "{\"labels\":[\"negative\",\"positive\"],\"matrix\":[[4,1],[0,5]]}";

    final String jobId;
    final String datasetId;
    final Instant requestedAt;
    final List<JobUpdate> updates = new ArrayList<>();
    final List<Expected> metrics = new ArrayList<>();
    final Map<String, String> params = new TreeMap<>();
    final String modelUrl;
    private final boolean trackMlflow;
    private long seq;

    private JobScript(String jobId, boolean trackMlflow, String modelUrl) {
        this.jobId = jobId;
        this.trackMlflow = trackMlflow;
        this.modelUrl = modelUrl;
        this.datasetId = "ds-" + jobId.substring(Math.max(0, jobId.length() - 8));
        this.requestedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        params.putAll(Map.of("model_type", "text_classification", "priority", "high", "use_upm", "false",
                "dataset_id", datasetId, "dataset_version", "3"));
    }

    private TrainingRequested request() {
        return new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, datasetId, 3, ModelType.TEXT_CLASSIFICATION,
                Priority.HIGH, false, trackMlflow, "I love this product! -> positive", "it@thunderline.test", requestedAt);
    }

    String runName() {
        return "prompt_" + datasetId + "_text_classification_v3";
    }

    JobUpdate last() {
        return updates.get(updates.size() - 1);
    }

    private JobUpdate add(JobStatus status, Integer phase, Integer trial, Integer epoch, Map<String, Double> m,
                          Map<String, String> p, String message) {
        JobUpdate u = new JobUpdate(Contracts.SCHEMA_VERSION, jobId, seq, status, phase,
                phase == null ? null : JobUpdate.phaseName(phase), trial, epoch, m, p, message,
                requestedAt.plusSeconds(1 + seq), seq == 0 ? request() : null,
                status == JobStatus.COMPLETED ? modelUrl : null);
        seq++;
        updates.add(u);
        return u;
    }

    private void expect(String key, long step, double value) {
        metrics.add(new Expected(key, step, value));
    }

    /** A tracked job whose model file the shared {@link ModelServer} serves (when the id contains "with-model"). */
    static JobScript classification(String jobId) {
        return classification(jobId, true, ModelServer.shared().modelUrl(jobId));
    }

    /** A job with MLflow tracking off. */
    static JobScript untracked(String jobId) {
        return classification(jobId, false, ModelServer.shared().modelUrl(jobId));
    }

    /** Queued, then the four phases with two search trials of two epochs, three final epochs, evaluation, done. */
    static JobScript classification(String jobId, boolean trackMlflow, String modelUrl) {
        JobScript s = new JobScript(jobId, trackMlflow, modelUrl);
        s.add(JobStatus.QUEUED, null, null, null, Map.of(), Map.of(), "Queued");
        s.add(JobStatus.RUNNING, 1, null, null, Map.of("train_rows", 40.0, "val_rows", 10.0), Map.of(), "Featurised");
        s.expect("phase1_train_rows", 0, 40.0);
        s.expect("phase1_val_rows", 0, 10.0);
        for (int trial = 1; trial <= 2; trial++) {
            for (int epoch = 1; epoch <= 2; epoch++) {
                double loss = 1.0 / (trial + epoch);
                double f1 = 0.3 + 0.1 * trial + 0.05 * epoch;
                s.add(JobStatus.RUNNING, 2, trial, epoch, Map.of("loss", loss, "val_f1", f1), Map.of(), null);
                s.expect("search/trial_" + trial + "/loss", epoch, loss);
                s.expect("search/trial_" + trial + "/val_f1", epoch, f1);
            }
            double best = 0.3 + 0.1 * trial + 0.1;
            s.add(JobStatus.RUNNING, 2, trial, null, Map.of("val_f1", best),
                    Map.of("architecture", "levels=" + (trial + 1) + " units=[4,2]"), "Trial " + trial + " done");
            s.expect("trial_val_f1", trial, best);
            s.params.put("trial_" + trial + ".architecture", "levels=" + (trial + 1) + " units=[4,2]");
        }
        for (int epoch = 1; epoch <= 3; epoch++) {
            double loss = 0.8 / epoch;
            double acc = 0.6 + 0.1 * epoch;
            Map<String, String> p = epoch == 1 ? Map.of("architecture", "levels=3 units=[4,2]", "search_trials", "2")
                    : Map.of();
            s.add(JobStatus.RUNNING, 3, null, epoch, Map.of("loss", loss, "val_loss", loss + 0.1, "accuracy", acc), p, null);
            s.expect("loss", epoch, loss);
            s.expect("val_loss", epoch, loss + 0.1);
            s.expect("accuracy", epoch, acc);
        }
        s.params.put("architecture", "levels=3 units=[4,2]");
        s.params.put("search_trials", "2");
        s.add(JobStatus.RUNNING, 4, null, null, Map.of("accuracy", 0.9, "f1", 0.88),
                Map.of("confusion_matrix", CONFUSION_MATRIX), "Evaluated on held-out examples");
        s.expect("final_accuracy", 0, 0.9);
        s.expect("final_f1", 0, 0.88);
        s.add(JobStatus.COMPLETED, 4, null, null, Map.of(), Map.of(), "All phases done");
        return s;
    }

    /** Expected histories: key → [(step, value)] in step order (per step in arrival order). */
    Map<String, List<List<Double>>> expectedHistories() {
        Map<String, List<List<Double>>> h = new TreeMap<>();
        for (Expected e : metrics) {
            h.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(List.of((double) e.step(), e.value()));
        }
        h.values().forEach(list -> list.sort(java.util.Comparator.comparing((List<Double> p) -> p.get(0))));
        return h;
    }

}
