package io.thunderline.dataset.parse;

import java.util.List;
import java.util.Objects;

/**
 * A text with its class, for text classification and sentiment analysis.
 *
 * @param text  the example text, trimmed
 * @param label the class, trimmed and lower-cased by the parsers
 * @param line  the 1-based line of the example (0 when unknown)
 */
public record ClassificationExample(String text, String label, int line) implements Example {

    public ClassificationExample {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }

    /** {@code [text, label]}. */
    @Override
    public List<String> csvRow() {
        return List.of(text, label);
    }
}
