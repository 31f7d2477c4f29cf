package io.thunderline.ml.assist;

import java.util.List;

/**
 * One concrete improvement of a prompt, with the examples it concerns (indexes into the examples checked) and, when
 * the fix is obvious, the fix one click applies.
 */
public record Suggestion(Kind kind, String message, List<Integer> examples, Fix fix) {
    public enum Kind {
        IMBALANCE, DUPLICATE, CONFLICTING_DUPLICATE, NEAR_DUPLICATE, LIKELY_MISLABELLED, TOO_SHORT, TOO_LONG,
        CONFUSED_CLASSES, INCONSISTENT_FORMAT
    }

    public enum Action { REMOVE, RELABEL }

    /** Remove example {@code example}, or give it {@code label}. */
    public record Fix(Action action, int example, String label) {
        public static Fix remove(int example) {
            return new Fix(Action.REMOVE, example, null);
        }

        public static Fix relabel(int example, String label) {
            return new Fix(Action.RELABEL, example, label);
        }
    }

    public Suggestion {
        examples = List.copyOf(examples);
    }

    static Suggestion of(Kind kind, String message, List<Integer> examples) {
        return new Suggestion(kind, message, examples, null);
    }
}
