package io.thunderline.llm;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * How long the user's answers are, in sentences, and the sentence that tells the base model so when it answers
 * without examples in its prompt. Without them SmolLM2 writes an encyclopaedia paragraph where the user's examples
 * answer in one line ("what is cytology" → "the study of cells."), which is off the user's style and far from their
 * answers on every score; with the examples in the prompt it follows their length by itself.
 */
final class AnswerLength {

    /** Above this median the answers are long-form: a sentence count would say little, so no hint is given. */
    static final int MAX_HINTED_SENTENCES = 5;
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+(\\s+|$)");

    private final int[] sentences;

    /** @param answers the examples' answers, in index order */
    AnswerLength(List<String> answers) {
        this.sentences = answers.stream().mapToInt(AnswerLength::sentences).toArray();
    }

    /** Sentences of a text: pieces ended by '.', '!' or '?' before a blank or the end; at least 1. */
    static int sentences(String text) {
        int n = 0;
        for (String piece : SENTENCE_END.split(text.strip())) {
            if (!piece.isBlank()) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /** The median sentence count of the answers not {@code excluded} (the lower median), 0 when none is left. */
    int median(IntPredicate excluded) {
        int[] kept = new int[sentences.length];
        int k = 0;
        for (int i = 0; i < sentences.length; i++) {
            if (!excluded.test(i)) {
                kept[k++] = sentences[i];
            }
        }
        if (k == 0) {
            return 0;
        }
        Arrays.sort(kept, 0, k);
        return kept[(k - 1) / 2];
    }

    /** The instruction for answers of {@code median} sentences, empty when there is none to give. */
    static String hint(int median) {
        if (median <= 0 || median > MAX_HINTED_SENTENCES) {
            return "";
        }
        return median == 1 ? "Answer in one short sentence." : "Answer in at most " + median + " short sentences.";
    }
}
