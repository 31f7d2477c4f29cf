package io.thunderline.llm;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ROUGE-L (Lin 2004): longest common subsequence of word tokens, as the F-measure of LCS/|candidate| and
 * LCS/|reference| (β = 1, as the rouge-score package reports it). Tokens: lower-cased runs of letters and digits.
 */
public final class Rouge {

    private Rouge() {
    }

    public static double rougeL(String reference, String candidate) {
        List<String> ref = tokens(reference);
        List<String> cand = tokens(candidate);
        if (ref.isEmpty() && cand.isEmpty()) {
            return 1.0;
        }
        if (ref.isEmpty() || cand.isEmpty()) {
            return 0.0;
        }
        int lcs = lcs(ref, cand);
        if (lcs == 0) {
            return 0.0;
        }
        double precision = (double) lcs / cand.size();
        double recall = (double) lcs / ref.size();
        return 2 * precision * recall / (precision + recall);
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else if (word.length() > 0) {
                out.add(word.toString());
                word.setLength(0);
            }
            i += Character.charCount(cp);
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    static int lcs(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = a.get(i - 1).equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
