package io.thunderline.upm.wire;

import io.thunderline.contracts.AdapterEvent;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.AdapterDelta;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs the adapter codec over a tiny model before the first real adapter: loading zstd's native library, the classes
 * and the first interpreted passes otherwise land on the first snapshot after a start (upm-service measured 553 ms for
 * its first snapshot against 13-60 ms for the next ones, and 100 agents applying it at once took 0.7-1.0 s). Once per
 * JVM: the JIT's work is shared by everything in it.
 */
public final class CodecWarmup {
    /** A model small enough that a pass costs microseconds; the code paths are those of any size. */
    static final int DIMS = 64;
    static final int CLASSES = 2;
    private static final List<String> LABELS = List.of("negative", "positive");
    private static final AtomicBoolean DONE = new AtomicBoolean();
    /** Most rounds a warm-up runs, and most time it spends (at start, where every millisecond delays readiness). */
    public static final int ROUNDS = 300;
    public static final Duration BUDGET = Duration.ofMillis(400);

    private CodecWarmup() {
    }

    /** A full adapter of version {@code version} and the delta to the next one, encoded with {@code compression}. */
    public record Sample(Compression compression, AdapterPayload full, byte[] fullWire, AdapterPayload delta,
                         byte[] deltaWire) {

        /** The full adapter as upm-service publishes it: inline, checksummed, for every agent. */
        public AdapterEvent fullEvent() {
            return event(full, fullWire);
        }

        /** The delta as upm-service publishes it. */
        public AdapterEvent deltaEvent() {
            return event(delta, deltaWire);
        }

        private AdapterEvent event(AdapterPayload payload, byte[] wire) {
            return new AdapterEvent(Contracts.SCHEMA_VERSION, ModelType.SENTIMENT_ANALYSIS, payload.version(),
                    payload.kind().full() ? null : payload.baseVersion(), Checksums.sha256(wire),
                    AdapterPayload.encoding(compression), Base64.getEncoder().encodeToString(wire), null, Instant.EPOCH);
        }
    }

    /** Encodes a full adapter and a delta per compression (what upm-service does for a snapshot). */
    public static List<Sample> samples(long version) {
        float[] base = weights(version);
        float[] next = weights(version + 1);
        AdapterPayload full = AdapterPayload.full(DIMS, CLASSES, version, Checksums.sha256(base), LABELS, base);
        AdapterPayload delta = AdapterPayload.delta(DIMS, CLASSES, version + 1, version, Checksums.sha256(next),
                WeightsDigest.of(next), LABELS, AdapterDelta.between(base, next));
        List<Sample> samples = new ArrayList<>();
        for (Compression compression : Compression.values()) {
            samples.add(new Sample(compression, full, full.encode(compression), delta, delta.encode(compression)));
            byte[] streamed = compression.compress(out -> out.write(full.toBytes()));
            compression.decompress(streamed);
        }
        return samples;
    }

    /**
     * Runs {@code pass} on fresh samples for {@code rounds} rounds or until {@code budget} is spent, once per JVM;
     * returns the time it took (zero when an earlier call did it).
     */
    public static Duration once(int rounds, Duration budget, Consumer<List<Sample>> pass) {
        if (!DONE.compareAndSet(false, true)) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        for (int round = 1; round <= rounds && System.nanoTime() < deadline; round++) {
            pass.accept(samples(2L * round - 1));
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A sparse weight vector that changes a little from version to version, as a learner's does. */
    private static float[] weights(long version) {
        float[] w = new float[AdapterPayload.weightCount(DIMS, CLASSES)];
        for (int i = 0; i < w.length; i += 5) {
            w[i] = (float) ((i * 31 + version * 7) % 17) / 17f - 0.5f;
        }
        return w;
    }
}
