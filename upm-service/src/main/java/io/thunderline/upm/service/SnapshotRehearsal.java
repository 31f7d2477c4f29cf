package io.thunderline.upm.service;

import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.ml.online.Drift;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.Checksums;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A snapshot's in-memory work, rehearsed on a scratch model: each pass learns a window of 32 rows, then copies,
 * checksums and compresses the weights, scores the drift check against the previous pass and builds the adapter
 * (full, then deltas) and the events, as {@link SnapshotManager#take} does. At a real family's size (the default
 * feature space × 2 labels: 2 MiB of weights) the passes get the loops over the weights compiled before the first
 * real snapshot needs them. Nothing here reaches PostgreSQL, Kafka or a family's state.
 */
final class SnapshotRehearsal {
    static final int ROWS_PER_PASS = 32;
    private static final List<String> LABELS = List.of("negative", "positive");

    private SnapshotRehearsal() {
    }

    /** Passes run, of them with a drift check and delta adapter (all but the first), and the time taken. */
    record Result(int passes, int deltas, Duration took) {
    }

    /**
     * Runs up to {@code passes} passes within {@code budget} on a fresh model of {@code dims} features and
     * {@code classes} slots; {@code encode} stores the model as a snapshot does, {@code prepare} builds the adapter
     * from the previous pass's version (null: a full one).
     */
    static Result run(int dims, int classes, double learningRate, int passes, Duration budget,
                      Consumer<OnlineSoftmax> encode, BiFunction<ActiveModel, ActiveModel, AdapterSync.Prepared> prepare) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        OnlineSoftmax model = new OnlineSoftmax(dims, classes, learningRate);
        int active = OnlineSoftmax.activeFor(LABELS.size(), model.classes());
        List<SparseVector> learned = new ArrayList<>();
        ActiveModel previous = null;
        int pass = 0;
        int deltas = 0;
        while (pass < passes && System.nanoTime() < deadline) {
            pass++;
            for (int row = 0; row < ROWS_PER_PASS; row++) {
                SparseVector x = row(dims, pass, row);
                model.predictThenUpdate(x, row % LABELS.size(), active);
                learned.add(x);
            }
            float[] weights = model.snapshotWeights();
            String checksum = Checksums.sha256(weights);
            encode.accept(model);
            ActiveModel candidate = ActiveModel.of(ModelType.SENTIMENT_ANALYSIS, pass, dims, model.storedClasses(),
                    weights, LABELS, checksum);
            if (previous != null) {
                double[][][] scored = DriftMonitor.scored(previous, candidate, learned);
                io.thunderline.ml.online.DriftReport drift = Drift.compare(scored[0], scored[1]);
                EventCodec.toJson(DriftMonitor.event(ModelType.SENTIMENT_ANALYSIS, pass, drift,
                        DriftMonitor.verdict(drift, 0.2, 0.2)));
                deltas++;
            }
            EventCodec.toJson(prepare.apply(candidate, previous).event());
            // the trainer's metrics map is a LinkedHashMap: Jackson builds a serializer per map class
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("examples", (double) model.examplesSeen());
            EventCodec.toJson(SnapshotEvents.event(ModelType.SENTIMENT_ANALYSIS, pass, checksum, 1, metrics,
                    SnapshotStatus.CREATED, SnapshotMode.SHADOW));
            previous = candidate;
        }
        return new Result(pass, deltas, Duration.ofNanos(System.nanoTime() - start));
    }

    /** A sparse row of 40 hashed features spread over the space, as a short text gives. */
    static SparseVector row(int dims, int pass, int row) {
        int n = Math.min(40, dims);
        int[] indices = new int[n];
        float[] values = new float[n];
        long h = 0x9E3779B97F4A7C15L * (pass * 131L + row + 1);
        int step = Math.max(1, dims / n);
        for (int i = 0; i < n; i++) {
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            // one feature in each of n equal slices: strictly increasing, within the space
            indices[i] = i * step + (int) ((h >>> 33) % step);
            values[i] = (float) (1 / Math.sqrt(n));
        }
        return new SparseVector(indices, values);
    }
}
