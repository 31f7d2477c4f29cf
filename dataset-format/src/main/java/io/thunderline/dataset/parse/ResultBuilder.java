package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects the examples and issues of one parse: drops duplicates (warning naming both lines), refuses the
 * same text with two labels (error naming both lines), counts labels, caps the number of issues kept.
 *
 * <p>Duplicates are found by a 64-bit hash of the example's content (text with runs of white space collapsed
 * for classification; all fields for the other types), so memory stays small for large CSV files; two
 * different examples share a hash with a probability of about 10<sup>-8</sup> for a million examples.
 */
final class ResultBuilder {

    /** At most this many warnings and this many errors are kept; the rest are counted in a final issue. */
    static final int MAX_ISSUES = 200;

    private final ModelType type;
    private final Consumer<? super Example> sink;
    private final List<Example> retained = new ArrayList<>();
    private final List<ParseIssue> warnings = new ArrayList<>();
    private final List<ParseIssue> errors = new ArrayList<>();
    private long moreWarnings;
    private long moreErrors;
    private final StringBuilder description = new StringBuilder();
    private final LongIndex seen = new LongIndex();
    private final Map<String, Integer> labelIds = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    private final List<int[]> labelCounts = new ArrayList<>();
    private int count;

    /**
     * @param sink receives each accepted example; when null the examples are kept in the result instead
     */
    ResultBuilder(ModelType type, Consumer<? super Example> sink) {
        this.type = type;
        this.sink = sink;
    }

    void describe(String line) {
        if (line.isBlank()) {
            return;
        }
        if (description.length() > 0) {
            description.append('\n');
        }
        description.append(line.strip());
    }

    void warn(ParseIssue issue) {
        if (warnings.size() < MAX_ISSUES) {
            warnings.add(issue);
        } else {
            moreWarnings++;
        }
    }

    void error(ParseIssue issue) {
        if (errors.size() < MAX_ISSUES) {
            errors.add(issue);
        } else {
            moreErrors++;
        }
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int count() {
        return count;
    }

    /** Adds an example unless it repeats an earlier one; returns whether it was added. */
    boolean add(Example example) {
        int labelId = -1;
        if (example instanceof ClassificationExample c) {
            labelId = labelIds.computeIfAbsent(c.label(), label -> {
                labels.add(label);
                labelCounts.add(new int[1]);
                return labels.size() - 1;
            });
        }
        long packed = ((long) example.line() << 32) | (labelId & 0xFFFF_FFFFL);
        long previous = seen.putIfAbsent(key(example), packed);
        if (previous != LongIndex.ABSENT) {
            int previousLine = (int) (previous >>> 32);
            int previousLabel = (int) previous;
            if (example instanceof ClassificationExample c && previousLabel != labelId) {
                error(ParseIssue.atLine(example.line(),
                        "the same text is labelled '" + c.label() + "' here and '" + labels.get(previousLabel)
                                + "' on line " + previousLine,
                        "keep one label per text: fix or delete one of the two lines"));
            } else {
                warn(ParseIssue.atLine(example.line(),
                        "duplicate of line " + previousLine + " (" + sameWhat() + ")",
                        "this line is dropped"));
            }
            return false;
        }
        count++;
        if (labelId >= 0) {
            labelCounts.get(labelId)[0]++;
        }
        if (sink == null) {
            retained.add(example);
        } else {
            sink.accept(example);
        }
        return true;
    }

    private String sameWhat() {
        return switch (type) {
            case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> "same text and label";
            case INSTRUCTION_FOLLOWING -> "same task, input and expected answer";
            case GENERAL_CHAT -> "same conversation and reply";
        };
    }

    ParseResult build() {
        List<ParseIssue> w = new ArrayList<>(warnings);
        if (moreWarnings > 0) {
            w.add(ParseIssue.general("… and " + Texts.plural(moreWarnings, "more warning", "more warnings"),
                    "only the first " + MAX_ISSUES + " are listed"));
        }
        List<ParseIssue> e = new ArrayList<>(errors);
        if (moreErrors > 0) {
            e.add(ParseIssue.general("… and " + Texts.plural(moreErrors, "more error", "more errors"),
                    "only the first " + MAX_ISSUES + " are listed; fix these and check again"));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (labelCounts.get(i)[0] > 0) {
                counts.put(labels.get(i), labelCounts.get(i)[0]);
            }
        }
        return new ParseResult(type, description.toString(), retained, w, e, count, counts);
    }

    // ---- hashing ----

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    static long key(Example example) {
        long h = FNV_OFFSET;
        if (example instanceof ClassificationExample c) {
            h = hashCollapsed(h, c.text());
        } else if (example instanceof InstructionExample i) {
            h = hash(hash(hash(h, i.task()), i.input()), i.expected());
        } else if (example instanceof ChatExample chat) {
            for (Turn turn : chat.turns()) {
                h = hash(h ^ turn.role().ordinal(), turn.text());
            }
        }
        return fmix(h);
    }

    private static long hash(long h, String s) {
        h = (h ^ s.length()) * FNV_PRIME;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return (h ^ 0xFF) * FNV_PRIME;
    }

    /** Hashes {@code s} as if every run of white space were one space and the ends were trimmed. */
    private static long hashCollapsed(long h, String s) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace) {
                h = (h ^ ' ') * FNV_PRIME;
                pendingSpace = false;
            }
            started = true;
            h = (h ^ c) * FNV_PRIME;
        }
        return (h ^ 0xFF) * FNV_PRIME;
    }

    /** MurmurHash3's 64-bit finalizer, to spread the FNV bits. */
    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
