package io.thunderline.dataset.parse;

/**
 * Size limits applied to submitted datasets.
 *
 * @param maxExamples   most examples in one dataset
 * @param maxFieldChars most characters in one field (a text, a label, a task, an input, an answer, a turn)
 * @param maxTextChars  most characters of prompt text accepted by {@link PromptParser} (CSV uploads are
 *                      limited in bytes instead, see {@link CsvDatasetReader#DEFAULT_MAX_BYTES})
 */
public record Limits(int maxExamples, int maxFieldChars, long maxTextChars) {

    public static final int DEFAULT_MAX_EXAMPLES = 100_000;
    public static final int DEFAULT_MAX_FIELD_CHARS = 10_000;
    public static final long DEFAULT_MAX_TEXT_CHARS = 200_000;

    private static final Limits DEFAULTS =
            new Limits(DEFAULT_MAX_EXAMPLES, DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_TEXT_CHARS);

    public Limits {
        if (maxExamples < 1 || maxFieldChars < 1 || maxTextChars < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxExamples + ", " + maxFieldChars
                    + ", " + maxTextChars);
        }
    }

    /** 100,000 examples, 10,000 characters per field, 200,000 characters of prompt text. */
    public static Limits defaults() {
        return DEFAULTS;
    }
}
