package io.thunderline.ml.text;

import java.util.Arrays;

/**
 * Features for next-character prediction conditioned on an instruction: the prompt's words
 * and word bigrams (what is asked), the last 1..contextChars characters of the response so
 * far (how it is being said), the current partial word and the previous word. Hashed into
 * {@code hashDims} buckets, binary, L2-normalised.
 */
public final class PromptContextFeaturizer {

    /** Marks positions before the response starts, so "start of answer" is a context too. */
    public static final char START = '\u0002';
    private static final int SALT_PROMPT = 0x50524F4D;
    private static final int SALT_SUFFIX = 0x53554646;
    private static final int SALT_WORD = 0x43555257;
    private static final int SALT_PREVIOUS = 0x50524556;

    private final int hashDims;
    private final int contextChars;
    private final long seed;
    private final FeatureHasher hasher;
    private final Tokenizer tokenizer = new Tokenizer(true);

    public PromptContextFeaturizer(int hashDims, int contextChars, long seed) {
        if (hashDims < 2 || contextChars < 1) {
            throw new IllegalArgumentException("hashDims >= 2 and contextChars >= 1 required");
        }
        this.hashDims = hashDims;
        this.contextChars = contextChars;
        this.seed = seed;
        this.hasher = new FeatureHasher(hashDims, seed);
    }

    /** The prompt's buckets: computed once per prompt, reused for every position of the response. */
    public int[] promptBuckets(String prompt) {
        Tokenizer.Spans spans = tokenizer.spans(prompt);
        int[] tokenHashes = new int[spans.count()];
        for (int i = 0; i < tokenHashes.length; i++) {
            tokenHashes[i] = hasher.token(spans.chars(), spans.starts()[i], spans.ends()[i]);
        }
        int[] buckets = new int[Math.max(0, 2 * tokenHashes.length - 1)];
        int k = 0;
        for (int i = 0; i < tokenHashes.length; i++) {
            buckets[k++] = hasher.salted(SALT_PROMPT, tokenHashes[i]);
            if (i + 1 < tokenHashes.length) {
                buckets[k++] = hasher.salted(SALT_PROMPT + 1, tokenHashes[i] * 31 + tokenHashes[i + 1]);
            }
        }
        return buckets;
    }

    /** Features for predicting the character after {@code soFar}. */
    public SparseVector features(int[] promptBuckets, CharSequence soFar) {
        int[] all = Arrays.copyOf(promptBuckets, promptBuckets.length + contextChars + 2);
        int k = promptBuckets.length;
        StringBuilder padded = new StringBuilder(contextChars);
        for (int i = soFar.length() - contextChars; i < soFar.length(); i++) {
            padded.append(i < 0 ? START : soFar.charAt(i));
        }
        for (int n = 1; n <= contextChars; n++) {
            all[k++] = hasher.salted(SALT_SUFFIX + n, padded, contextChars - n, contextChars);
        }
        int wordStart = soFar.length();
        while (wordStart > 0 && !Character.isWhitespace(soFar.charAt(wordStart - 1))) {
            wordStart--;
        }
        all[k++] = hasher.salted(SALT_WORD, soFar, wordStart, soFar.length());
        int previousEnd = wordStart;
        while (previousEnd > 0 && Character.isWhitespace(soFar.charAt(previousEnd - 1))) {
            previousEnd--;
        }
        int previousStart = previousEnd;
        while (previousStart > 0 && !Character.isWhitespace(soFar.charAt(previousStart - 1))) {
            previousStart--;
        }
        all[k++] = hasher.salted(SALT_PREVIOUS, soFar, previousStart, previousEnd);
        return binaryNormalized(all);
    }

    private static SparseVector binaryNormalized(int[] buckets) {
        int[] sorted = buckets.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        float[] values = new float[distinct];
        Arrays.fill(values, (float) (1 / Math.sqrt(distinct)));
        return new SparseVector(Arrays.copyOf(sorted, distinct), values);
    }

    public int hashDims() {
        return hashDims;
    }

    public int contextChars() {
        return contextChars;
    }

    public long seed() {
        return seed;
    }
}
