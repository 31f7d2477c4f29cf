package io.thunderline.ml.assist;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks of the texts themselves that need no model: exact duplicates, length outliers, cosine near-duplicates. */
final class TextShape {
    static final int MIN_WORDS = 3;
    static final int LONG_CHARS = 1000;
    /** Two texts whose sentence vectors are at least this close say the same thing. */
    static final double NEAR_DUPLICATE_COSINE = 0.95;
    /** Pairwise comparison beyond this many texts would take seconds; only exact duplicates are checked then. */
    static final int MAX_PAIRWISE = 2000;

    private TextShape() {
    }

    static String normalised(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    /** Groups of two or more examples with the same text (case and spacing aside), in order of first appearance. */
    static List<List<Integer>> exactDuplicates(List<String> texts) {
        Map<String, List<Integer>> byText = new HashMap<>();
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            List<Integer> group = byText.computeIfAbsent(normalised(texts.get(i)), t -> new ArrayList<>());
            group.add(i);
            if (group.size() == 2) {
                groups.add(group);
            }
        }
        return groups;
    }

    /** Pairs (i &lt; j) of different texts whose vectors' cosine is at least {@link #NEAR_DUPLICATE_COSINE}. */
    static List<int[]> nearDuplicates(List<String> texts, float[][] vectors) {
        List<int[]> pairs = new ArrayList<>();
        if (vectors.length > MAX_PAIRWISE) {
            return pairs;
        }
        for (int i = 0; i < vectors.length; i++) {
            for (int j = i + 1; j < vectors.length; j++) {
                if (dot(vectors[i], vectors[j]) >= NEAR_DUPLICATE_COSINE
                        && !normalised(texts.get(i)).equals(normalised(texts.get(j)))) {
                    pairs.add(new int[]{i, j});
                }
            }
        }
        return pairs;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** Examples too long to be one example: over 1,000 characters and over five times the median length. */
    static List<Integer> tooLong(List<String> texts) {
        int[] lengths = texts.stream().mapToInt(String::length).sorted().toArray();
        int median = lengths.length == 0 ? 0 : lengths[lengths.length / 2];
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int n = texts.get(i).length();
            if (n > LONG_CHARS && n > 5 * median) {
                out.add(i);
            }
        }
        return out;
    }

    static List<Integer> tooShort(List<String> texts) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (words(texts.get(i)) < MIN_WORDS) {
                out.add(i);
            }
        }
        return out;
    }

    /** A text as a message quotes it: its start, in quotes. */
    static String quote(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return "\"" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "\"";
    }
}
