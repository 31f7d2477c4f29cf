package io.thunderline.dataset.parse;

import java.util.Objects;

/**
 * A problem found in submitted data.
 *
 * @param line    1-based line in the submitted text or file; 0 when the issue concerns the whole dataset
 * @param column  1-based column (characters for prompt text, the field number for CSV); 0 when not applicable
 * @param message what is wrong, e.g. {@code no label after '->'}
 * @param hint    what to do about it, e.g. {@code write `text -> label`}; empty when there is nothing to add
 */
public record ParseIssue(int line, int column, String message, String hint) {

    public ParseIssue {
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative");
        }
    }

    public static ParseIssue at(int line, int column, String message, String hint) {
        return new ParseIssue(line, column, message, hint);
    }

    public static ParseIssue atLine(int line, String message, String hint) {
        return new ParseIssue(line, 0, message, hint);
    }

    /** An issue about the dataset as a whole (no line). */
    public static ParseIssue general(String message, String hint) {
        return new ParseIssue(0, 0, message, hint);
    }

    /**
     * E.g. {@code line 4, column 12: no label after '->'; write `text -> label`}. The line and column parts
     * are left out when they are 0, the hint part when the hint is empty.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (line > 0) {
            out.append("line ").append(line);
            if (column > 0) {
                out.append(", column ").append(column);
            }
            out.append(": ");
        }
        out.append(message);
        if (!hint.isBlank()) {
            out.append("; ").append(hint);
        }
        return out.toString();
    }
}
