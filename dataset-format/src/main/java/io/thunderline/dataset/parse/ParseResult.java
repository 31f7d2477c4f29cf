package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a parse produced: the examples plus warnings (input that was accepted but changed, e.g. a duplicate
 * dropped) and errors (input that was refused). The input is usable only when {@link #ok()}.
 *
 * <p>Results from the streaming {@link CsvDatasetReader#read(java.io.InputStream, ModelType, long, Limits,
 * java.util.function.Consumer)} do not keep their examples: {@link #examples()} is then empty while
 * {@link #exampleCount()} and {@link #labelCounts()} still describe everything that was read (see
 * {@link #examplesRetained()}).
 *
 * @param type            the model type parsed for
 * @param taskDescription the heading of the prompt ("Classify customer sentiment"), or "" when there is none
 * @param examples        the examples kept, in input order, duplicates removed
 * @param warnings        problems that did not stop the input from being used
 * @param errors          problems that make the input unusable
 * @param exampleCount    how many examples were read (equals {@code examples.size()} unless streamed)
 * @param labelCounts     examples per label for classification types (empty otherwise), sorted by count
 *                        descending, then by label
 */
public record ParseResult(ModelType type, String taskDescription, List<Example> examples,
                          List<ParseIssue> warnings, List<ParseIssue> errors,
                          int exampleCount, Map<String, Integer> labelCounts) {

    public ParseResult {
        Objects.requireNonNull(type, "type");
        taskDescription = taskDescription == null ? "" : taskDescription;
        examples = List.copyOf(examples);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
        if (exampleCount < examples.size()) {
            throw new IllegalArgumentException("exampleCount " + exampleCount + " < " + examples.size());
        }
        labelCounts = sortedCounts(labelCounts);
    }

    /** A result whose counts are computed from {@code examples}. */
    public ParseResult(ModelType type, String taskDescription, List<Example> examples,
                       List<ParseIssue> warnings, List<ParseIssue> errors) {
        this(type, taskDescription, examples, warnings, errors, examples.size(), countLabels(examples));
    }

    /** True when there are no errors: the dataset may be stored. */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** True when {@link #examples()} holds every example read (false for streamed CSV results). */
    public boolean examplesRetained() {
        return examples.size() == exampleCount;
    }

    /** The canonical CSV columns of this result's type. */
    public List<String> csvHeader() {
        return CsvColumns.header(type);
    }

    /** A copy with more warnings and errors appended (used by {@link DatasetValidator}). */
    public ParseResult withIssues(List<ParseIssue> moreWarnings, List<ParseIssue> moreErrors) {
        if (moreWarnings.isEmpty() && moreErrors.isEmpty()) {
            return this;
        }
        List<ParseIssue> w = new ArrayList<>(warnings);
        w.addAll(moreWarnings);
        List<ParseIssue> e = new ArrayList<>(errors);
        e.addAll(moreErrors);
        return new ParseResult(type, taskDescription, examples, w, e, exampleCount, labelCounts);
    }

    static Map<String, Integer> countLabels(List<? extends Example> examples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Example example : examples) {
            if (example instanceof ClassificationExample c) {
                counts.merge(c.label(), 1, Integer::sum);
            }
        }
        return counts;
    }

    static Map<String, Integer> sortedCounts(Map<String, Integer> counts) {
        if (counts == null || counts.isEmpty()) {
            return Map.of();
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> entry : entries) {
            sorted.put(Objects.requireNonNull(entry.getKey()), Objects.requireNonNull(entry.getValue()));
        }
        return Collections.unmodifiableMap(sorted);
    }
}
