package io.thunderline.trainer.run;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.support.Outbox;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.upm.wire.UpmFeatures;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * With UPM on, a job's featurised training rows go to upm.feature-windows in windows of a configured size. The
 * features are hashed term frequencies, L2-normalised, without the job's own IDF weights, so that the online learner
 * and every agent can featurise new text the same way from the spec alone ({@link UpmFeatures}, the one declaration).
 */
@ApplicationScoped
public class FeatureWindows {
    private final Pool pool;
    private final Outbox outbox;
    private final TrainerConfig config;

    public FeatureWindows(Pool pool, Outbox outbox, TrainerConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.config = config;
    }

    /** Where a run sends its training rows; a job without UPM gets a sink that drops nothing because it sends nothing. */
    public interface Sink {
        void publish(LabeledData rows);
    }

    public Sink sinkFor(String jobId, ModelType family, boolean useUpm, JobProgress progress) {
        if (!useUpm) {
            return rows -> {
            };
        }
        return rows -> {
            int windows = publish(jobId, family, rows);
            progress.log("INFO", "UPM: sent " + rows.size() + " training rows as " + windows
                    + (windows == 1 ? " feature window" : " feature windows"));
        };
    }

    int publish(String jobId, ModelType family, LabeledData rows) {
        int size = config.featureWindowSize();
        int windows = 0;
        for (int start = 0; start < rows.size(); start += size) {
            int end = Math.min(rows.size(), start + size);
            // a window's texts are featurised together, on upm-wire's shared pool when there are enough of them
            List<SparseVector> vectors = UpmFeatures.featurizeAll(rows.texts().subList(start, end));
            List<FeatureWindow.FeatureRow> batch = new ArrayList<>();
            for (int i = start; i < end; i++) {
                SparseVector v = vectors.get(i - start);
                batch.add(new FeatureWindow.FeatureRow(v.indices(), v.values(), rows.labels().get(i)));
            }
            // the window id is stable across retries of the job, so upm-service applies each window once
            FeatureWindow window = new FeatureWindow(Contracts.SCHEMA_VERSION, jobId + "-w" + windows, family,
                    UpmFeatures.WINDOW_SPEC, batch, jobId, Instant.now());
            pool.withTransaction(tx -> outbox.append(tx, window, family.wireName())).await().atMost(Duration.ofSeconds(30));
            windows++;
        }
        return windows;
    }

}
