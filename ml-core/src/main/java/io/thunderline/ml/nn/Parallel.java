package io.thunderline.ml.nn;

import java.util.stream.IntStream;

/**
 * Splits a loop over [0, n) into contiguous chunks run on the common ForkJoinPool.
 * Every chunk writes only its own outputs, so results do not depend on scheduling:
 * training stays deterministic for a seed while using all cores.
 */
public final class Parallel {

    /** Below this many multiply-adds the fork/join overhead costs more than it saves. */
    private static final long MIN_PARALLEL_WORK = 40_000;

    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private Parallel() {
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static void forRange(int n, long workPerItem, RangeBody body) {
        int cores = cores();
        if (n <= 1 || cores == 1 || n * workPerItem < MIN_PARALLEL_WORK) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(n, cores * 2);
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            body.run(from, to);
        });
    }
}
