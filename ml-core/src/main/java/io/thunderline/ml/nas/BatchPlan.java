package io.thunderline.ml.nas;

import io.thunderline.ml.nn.SparseBatch;
import io.thunderline.ml.text.SparseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Data cut into mini-batches once. Training visits the batches in a new random order every
 * epoch while each batch keeps its members, so a batch's sparse index is built once and
 * reused by every epoch of every trial (indexing was a fifth of the training time).
 */
public final class BatchPlan {

    /** One mini-batch: features with their class ids. */
    public record Batch(SparseBatch features, int[] labels) {
    }

    private final List<Batch> batches;
    private final int examples;

    private BatchPlan(List<Batch> batches, int examples) {
        this.batches = List.copyOf(batches);
        this.examples = examples;
    }

    /** Random membership (seeded), for training. */
    public static BatchPlan shuffled(EncodedData data, int batchSize, long seed) {
        int[] order = permutation(data.size(), new SplittableRandom(seed));
        return cut(data, order, batchSize);
    }

    /** Data order, for scoring. */
    public static BatchPlan sequential(EncodedData data, int batchSize) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return cut(data, order, batchSize);
    }

    private static BatchPlan cut(EncodedData data, int[] order, int batchSize) {
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            List<SparseVector> rows = new ArrayList<>(end - start);
            int[] labels = new int[end - start];
            float[][] dense = data.dense() == null ? null : new float[end - start][];
            for (int i = start; i < end; i++) {
                rows.add(data.features().get(order[i]));
                labels[i - start] = data.labels()[order[i]];
                if (dense != null) {
                    dense[i - start] = data.dense()[order[i]];
                }
            }
            batches.add(new Batch(SparseBatch.of(rows, dense), labels));
        }
        return new BatchPlan(batches, order.length);
    }

    static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public List<Batch> batches() {
        return batches;
    }

    public int examples() {
        return examples;
    }

    /** Examples per class id over all batches. */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (Batch b : batches) {
            for (int y : b.labels()) {
                counts[y]++;
            }
        }
        return counts;
    }
}
