package io.thunderline.ml.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits data so every label keeps its share in both parts: per label, shuffle with the
 * seed and send round(n · heldOutFraction) examples (at least one when the label has two
 * or more) to the held-out part.
 */
public final class StratifiedSplit {

    /** The two parts of a split. */
    public record Parts(LabeledData train, LabeledData heldOut) {
    }

    private StratifiedSplit() {
    }

    public static Parts split(LabeledData data, double heldOutFraction, long seed) {
        if (heldOutFraction <= 0 || heldOutFraction >= 1) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1)");
        }
        Map<String, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            byLabel.computeIfAbsent(data.labels().get(i), k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> heldOut = new ArrayList<>();
        for (List<Integer> group : byLabel.values()) {
            Collections.shuffle(group, random);
            int n = (int) Math.round(group.size() * heldOutFraction);
            if (n == 0 && group.size() >= 2) {
                n = 1;
            }
            if (n == group.size()) {
                n = group.size() - 1;
            }
            heldOut.addAll(group.subList(0, n));
            train.addAll(group.subList(n, group.size()));
        }
        // Mix the labels so mini-batches drawn in order are not single-label.
        Collections.shuffle(train, random);
        Collections.shuffle(heldOut, random);
        return new Parts(data.select(train), data.select(heldOut));
    }
}
