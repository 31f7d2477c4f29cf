package io.thunderline.ml.text;

import java.util.Arrays;

/**
 * Turns one text into hashed term counts (indices sorted, counts summed). With signed hashing an n-gram whose hash
 * carries the minus sign subtracts its count from its bucket, so a bucket's value may be negative or zero.
 */
final class TermCounter {

    private final FeatureSpec spec;
    private final Tokenizer tokenizer;
    private final FeatureHasher hasher;
    private final boolean signed;

    TermCounter(FeatureSpec spec) {
        this.spec = spec;
        this.tokenizer = new Tokenizer(spec.lowercase());
        this.hasher = new FeatureHasher(spec.hashDims(), spec.seed());
        this.signed = spec.signedHashing();
    }

    /** Raw counts of the hashed n-grams of a text, as a sparse vector. */
    SparseVector counts(String text) {
        String source = spec.maxChars() > 0 && text.length() > spec.maxChars() ? text.substring(0, spec.maxChars()) : text;
        Tokenizer.Spans spans = tokenizer.spans(source);
        int tokens = spans.count();
        char[] chars = spans.chars();
        int[] tokenHashes = new int[tokens];
        for (int i = 0; i < tokens; i++) {
            tokenHashes[i] = hasher.token(chars, spans.starts()[i], spans.ends()[i]);
        }
        IntBag bag = new IntBag(tokens * 4);
        for (int n = 1; n <= spec.wordNgramMax(); n++) {
            for (int i = 0; i + n <= tokens; i++) {
                add(bag, hasher.wordNgram(tokenHashes, i, n), 1);
            }
        }
        if (spec.charNgramMax() > 0) {
            // Character grams depend only on the word: hash each distinct word once, weighted by its count.
            IntBag words = new IntBag(tokens);
            int[] firstSeen = new int[tokens];
            int distinct = 0;
            for (int t = 0; t < tokens; t++) {
                if (words.add(tokenHashes[t] & 0x7FFFFFFF, 1) == 1) {
                    firstSeen[distinct++] = t;
                }
            }
            for (int d = 0; d < distinct; d++) {
                int t = firstSeen[d];
                float occurrences = words.get(tokenHashes[t] & 0x7FFFFFFF);
                int start = spans.starts()[t];
                int end = spans.ends()[t];
                int marked = end - start + 2;
                for (int n = spec.charNgramMin(); n <= spec.charNgramMax(); n++) {
                    for (int i = 0; i + n <= marked; i++) {
                        add(bag, hasher.charNgram(chars, start, end, i, n), occurrences);
                    }
                }
            }
        }
        return bag.toCounts();
    }

    private void add(IntBag bag, int signedBucket, float count) {
        bag.add(FeatureHasher.bucketOf(signedBucket), signed && signedBucket < 0 ? -count : count);
    }

    /**
     * Counts bucket ids in an open-addressing hash table; only the distinct ids get sorted
     * at the end (sorting every occurrence was the featuriser's main cost on long texts).
     */
    private static final class IntBag {
        private static final int EMPTY = -1;
        private int[] keys;
        private float[] counts;
        private int size;

        IntBag(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected)) * 2;
            keys = new int[capacity];
            counts = new float[capacity];
            Arrays.fill(keys, EMPTY);
        }

        /** Adds {@code weight} to the key's count and returns the new count. */
        float add(int key, float weight) {
            int slot = find(key);
            if (keys[slot] == EMPTY) {
                keys[slot] = key;
                counts[slot] = weight;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return weight;
            }
            counts[slot] += weight;
            return counts[slot];
        }

        float get(int key) {
            int slot = find(key);
            return keys[slot] == EMPTY ? 0 : counts[slot];
        }

        private int find(int key) {
            int mask = keys.length - 1;
            int slot = (key * 0x9E3779B9) >>> 7 & mask;
            while (keys[slot] != EMPTY && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private void grow() {
            int[] oldKeys = keys;
            float[] oldCounts = counts;
            keys = new int[oldKeys.length * 2];
            counts = new float[oldKeys.length * 2];
            Arrays.fill(keys, EMPTY);
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    int slot = (oldKeys[i] * 0x9E3779B9) >>> 7 & mask;
                    while (keys[slot] != EMPTY) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    counts[slot] = oldCounts[i];
                }
            }
        }

        SparseVector toCounts() {
            long[] packed = new long[size];
            int k = 0;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != EMPTY) {
                    // Key in the high half, count's bits in the low half: one sort orders both.
                    packed[k++] = ((long) keys[i] << 32) | (Float.floatToIntBits(counts[i]) & 0xFFFFFFFFL);
                }
            }
            Arrays.sort(packed);
            int[] indices = new int[size];
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                indices[i] = (int) (packed[i] >>> 32);
                values[i] = Float.intBitsToFloat((int) packed[i]);
            }
            return new SparseVector(indices, values);
        }
    }
}
