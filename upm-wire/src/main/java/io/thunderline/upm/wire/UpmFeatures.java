package io.thunderline.upm.wire;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.SparseVector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one declaration of how UPM turns text into features — trainer-service's feature windows, upm-service's learner
 * and every agent read it from here: {@link FeatureSpec#defaults()} (2^18 hashed buckets, word 1-2-grams, char
 * 3-5-grams, lower-cased, seed 42), sublinear term counts, L2-normalised, no IDF (an IDF table of ones) — ml-core's
 * {@code TextFeaturizer.unweighted(SPEC)}, computed by {@link HashedTextFeaturizer} (the same vectors, bit for bit). A
 * model trained on windows predicts right only on text featurised this way.
 */
public final class UpmFeatures {
    public static final FeatureSpec SPEC = FeatureSpec.defaults();
    /** {@link #SPEC} as a feature window states it (upm-service refuses windows of any other space). */
    public static final FeatureWindow.FeatureSpecBody WINDOW_SPEC = new FeatureWindow.FeatureSpecBody(SPEC.hashDims(),
            SPEC.wordNgramMax(), SPEC.charNgramMin(), SPEC.charNgramMax());
    private static final HashedTextFeaturizer FEATURIZER = new HashedTextFeaturizer(SPEC);
    /** Threads of {@link #featurizeAll}: one per core, at most 8, shared by every caller (a bounded pool). */
    public static final int THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    /** Below this many texts a batch is featurised on the caller's thread (a hand-off costs more than it saves). */
    static final int PARALLEL_MIN = 8;

    private UpmFeatures() {
    }

    public static SparseVector featurize(String text) {
        return FEATURIZER.transform(text);
    }

    /**
     * The vectors of many texts (e.g. a feature window's rows), in their order, featurised on a bounded pool of
     * {@link #THREADS} daemon threads shared by all callers; the caller's thread works too.
     */
    public static List<SparseVector> featurizeAll(List<String> texts) {
        int n = texts.size();
        SparseVector[] out = new SparseVector[n];
        if (n < PARALLEL_MIN || THREADS == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = featurize(texts.get(i));
            }
            return List.of(out);
        }
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i; (i = next.getAndIncrement()) < n; ) {
                out[i] = featurize(texts.get(i));
            }
        };
        List<Future<?>> helpers = new ArrayList<>(THREADS - 1);
        for (int t = 1; t < Math.min(THREADS, n); t++) {
            helpers.add(Pool.EXECUTOR.submit(work));
        }
        work.run();
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while featurising", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return List.of(out);
    }

    /** Created on first use of {@link #featurizeAll}. */
    private static final class Pool {
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(THREADS - 1 == 0 ? 1 : THREADS - 1, r -> {
            Thread t = new Thread(r, "upm-featurise");
            t.setDaemon(true);
            return t;
        });
    }
}
