package io.thunderline.ml.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into tokens: runs of letters/digits, and every other visible character
 * on its own (so "$", "!" and "@" survive: they carry signal for spam and sentiment).
 */
public final class Tokenizer {

    /** Token i is chars[starts[i], ends[i]). */
    record Spans(char[] chars, int[] starts, int[] ends, int count) {
    }

    private final boolean lowercase;

    public Tokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    public List<String> tokenize(String text) {
        Spans spans = spans(text);
        List<String> tokens = new ArrayList<>(spans.count());
        for (int i = 0; i < spans.count(); i++) {
            tokens.add(new String(spans.chars(), spans.starts()[i], spans.ends()[i] - spans.starts()[i]));
        }
        return tokens;
    }

    /** Token boundaries without allocating a string per token (featurisation is hot). */
    Spans spans(String text) {
        char[] chars = (lowercase ? text.toLowerCase(Locale.ROOT) : text).toCharArray();
        int[] starts = new int[16];
        int[] ends = new int[16];
        int count = 0;
        int start = -1;
        for (int i = 0; i <= chars.length; i++) {
            char c = i < chars.length ? chars[i] : ' ';
            if (Character.isLetterOrDigit(c)) {
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (count + 2 > starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            if (start >= 0) {
                starts[count] = start;
                ends[count++] = i;
                start = -1;
            }
            if (i < chars.length && !Character.isWhitespace(c) && !Character.isISOControl(c)) {
                starts[count] = i;
                ends[count++] = i + 1;
            }
        }
        return new Spans(chars, starts, ends, count);
    }
}
