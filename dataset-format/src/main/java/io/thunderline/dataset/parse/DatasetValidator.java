package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Dataset-level checks on a {@link ParseResult}, added to its errors:
 * <ul>
 *   <li>at least one example (and, for classification and sentiment, at least {@value #MIN_CLASSES} classes
 *       with at least {@value #MIN_EXAMPLES_PER_CLASS} examples each, naming every class that is short and
 *       how many more it needs);</li>
 *   <li>at most {@link Limits#maxExamples()} examples;</li>
 *   <li>no CSV field (see {@link Example#csvRow()}) longer than {@link Limits#maxFieldChars()} characters
 *       (code points) and none containing a NUL character.</li>
 * </ul>
 * The count checks are skipped when the parse already failed without producing any example (so a refused file
 * does not also get "no examples found"). The size of the submitted text is checked by
 * {@link PromptParser#parse(String, ModelType, Limits)} and the size of a file by {@link CsvDatasetReader}.
 */
public final class DatasetValidator {

    public static final int MIN_CLASSES = 2;
    public static final int MIN_EXAMPLES_PER_CLASS = 2;

    /** At most this many classes short of examples are listed one by one. */
    static final int MAX_CLASS_ISSUES = 20;

    private DatasetValidator() {
    }

    /** Returns {@code result} with the errors of the checks above appended. */
    public static ParseResult validate(ParseResult result, Limits limits) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(limits, "limits");
        List<ParseIssue> errors = new ArrayList<>();
        long fieldIssues = 0;
        for (Example example : result.examples()) {
            for (ParseIssue issue : checkExample(example, limits)) {
                if (fieldIssues++ < ResultBuilder.MAX_ISSUES) {
                    errors.add(issue);
                }
            }
        }
        if (fieldIssues > ResultBuilder.MAX_ISSUES) {
            errors.add(ParseIssue.general("… and " + Texts.plural(fieldIssues - ResultBuilder.MAX_ISSUES,
                    "more field that is too long", "more fields that are too long"), ""));
        }
        if (result.ok() || result.exampleCount() > 0) {
            checkCounts(result, limits, errors);
        }
        return result.withIssues(List.of(), errors);
    }

    private static void checkCounts(ParseResult result, Limits limits, List<ParseIssue> errors) {
        ModelType type = result.type();
        if (result.exampleCount() == 0) {
            errors.add(ParseIssue.general("no examples found", switch (type) {
                case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS ->
                        "write one example per line, like `\"I love this product!\" -> positive`";
                case INSTRUCTION_FOLLOWING -> "write blocks of `Task: ...`, `Input: ...` and `Expected: ...` lines";
                case GENERAL_CHAT -> "write conversations of `User: ...` and `Assistant: ...` lines";
            }));
            return;
        }
        if (type.classification()) {
            Map<String, Integer> counts = result.labelCounts();
            if (counts.size() < MIN_CLASSES) {
                String only = counts.keySet().iterator().next();
                errors.add(ParseIssue.general(
                        "only one class found ('" + only + "'); a classifier needs at least " + MIN_CLASSES,
                        "add examples with another label"));
            }
            int listed = 0;
            int notListed = 0;
            for (Map.Entry<String, Integer> entry : counts.entrySet()) {
                int count = entry.getValue();
                if (count >= MIN_EXAMPLES_PER_CLASS) {
                    continue;
                }
                if (listed++ >= MAX_CLASS_ISSUES) {
                    notListed++;
                    continue;
                }
                int missing = MIN_EXAMPLES_PER_CLASS - count;
                errors.add(ParseIssue.general(
                        "class '" + entry.getKey() + "' has only " + Texts.plural(count, "example", "examples")
                                + "; each class needs at least " + MIN_EXAMPLES_PER_CLASS,
                        "add " + Texts.number(missing) + " more " + (missing == 1 ? "example" : "examples")
                                + " labelled '" + entry.getKey() + "'"));
            }
            if (notListed > 0) {
                errors.add(ParseIssue.general("… and " + Texts.plural(notListed, "more class", "more classes")
                        + " with fewer than " + MIN_EXAMPLES_PER_CLASS + " examples", ""));
            }
        }
        if (result.exampleCount() > limits.maxExamples()) {
            errors.add(ParseIssue.general("too many examples: " + Texts.number(result.exampleCount())
                            + "; the limit is " + Texts.number(limits.maxExamples()),
                    "split them into several datasets"));
        }
    }

    /**
     * The problems of one example: a CSV field longer than {@link Limits#maxFieldChars()} or containing a NUL
     * character. Used by {@link #validate} and, while streaming, by {@link CsvDatasetReader}.
     */
    public static List<ParseIssue> checkExample(Example example, Limits limits) {
        List<String> values = example.csvRow();
        List<String> names = columnNames(example);
        List<ParseIssue> issues = new ArrayList<>(0);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String name = names.get(i);
            if (value.indexOf('\0') >= 0) {
                issues.add(ParseIssue.atLine(example.line(), "the " + name + " contains a NUL character",
                        "remove it"));
                continue;
            }
            if (value.length() > limits.maxFieldChars()) {
                int length = value.codePointCount(0, value.length());
                if (length > limits.maxFieldChars()) {
                    issues.add(ParseIssue.atLine(example.line(),
                            "the " + name + " is " + Texts.number(length) + " characters long; the limit is "
                                    + Texts.number(limits.maxFieldChars()),
                            "shorten it or split it into several examples"));
                }
            }
        }
        return issues;
    }

    private static List<String> columnNames(Example example) {
        if (example instanceof ClassificationExample) {
            return List.of("text", "label");
        }
        if (example instanceof InstructionExample) {
            return List.of("task", "input", "expected answer");
        }
        return List.of("prompt", "response");
    }
}
