package io.thunderline.dataset.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one-line summary of what a version changed, the guide's "prompt versioning":
 * {@code "+3 examples, −1 example, 2 relabelled, labels added: neutral"}.
 */
public final class ChangeSummary {

    /**
     * How two versions' examples differ.
     *
     * @param added      examples in the new version that were not in the old one (relabelled ones excluded)
     * @param removed    examples of the old version that are gone (relabelled ones excluded)
     * @param relabelled texts present in both whose label changed (classification only)
     */
    public record Diff(long added, long removed, long relabelled) {
        public Diff {
            if (added < 0 || removed < 0 || relabelled < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
        }
    }

    private ChangeSummary() {
    }

    /** {@code "first version: 6 examples, labels: positive, negative, neutral"}. */
    public static String first(int examples, Map<String, Integer> labels) {
        String text = "first version: " + count(examples, "example", "examples");
        return labels.isEmpty() ? text : text + ", labels: " + String.join(", ", labels.keySet());
    }

    /** The summary of version n+1 against version n. */
    public static String between(Diff diff, Map<String, Integer> oldLabels, Map<String, Integer> newLabels,
                                 boolean taskChanged) {
        Objects.requireNonNull(diff, "diff");
        List<String> parts = new ArrayList<>();
        if (diff.added() > 0) {
            parts.add("+" + count(diff.added(), "example", "examples"));
        }
        if (diff.removed() > 0) {
            parts.add("\u2212" + count(diff.removed(), "example", "examples"));
        }
        if (diff.relabelled() > 0) {
            parts.add(diff.relabelled() + " relabelled");
        }
        List<String> addedLabels = newLabels.keySet().stream().filter(l -> !oldLabels.containsKey(l)).sorted().toList();
        List<String> removedLabels = oldLabels.keySet().stream().filter(l -> !newLabels.containsKey(l)).sorted().toList();
        if (!addedLabels.isEmpty()) {
            parts.add("labels added: " + String.join(", ", addedLabels));
        }
        if (!removedLabels.isEmpty()) {
            parts.add("labels removed: " + String.join(", ", removedLabels));
        }
        if (taskChanged) {
            parts.add("task changed");
        }
        return parts.isEmpty() ? "no changes" : String.join(", ", parts);
    }

    private static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
