package io.thunderline.ml.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Stratified k-fold assignment: per label (in sorted order), shuffle with the seed and deal the
 * examples round-robin over the folds, continuing where the previous label stopped, so every
 * fold gets its share of every label and the folds differ in size by at most one.
 */
public final class StratifiedFolds {

    private StratifiedFolds() {
    }

    /** The fold (0..k-1) of every example. */
    public static int[] assign(List<String> labels, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        }
        if (labels.size() < k) {
            throw new IllegalArgumentException(labels.size() + " examples cannot fill " + k + " folds");
        }
        Map<String, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            byLabel.computeIfAbsent(labels.get(i), x -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        int[] fold = new int[labels.size()];
        int next = 0;
        for (List<Integer> group : byLabel.values()) {
            Collections.shuffle(group, random);
            for (int i : group) {
                fold[i] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /** k for data whose rarest label has {@code smallestClass} examples: at most maxFolds, at least 2. */
    public static int folds(int smallestClass, int maxFolds, int examples) {
        return Math.max(2, Math.min(Math.min(maxFolds, smallestClass), examples));
    }

    /** Indexes of the examples in fold {@code f} (or, with {@code inFold} false, of all the others). */
    public static int[] members(int[] fold, int f, boolean inFold) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == inFold).toArray();
    }
}
