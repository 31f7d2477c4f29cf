package io.thunderline.upm.wire;

import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.Murmur3;
import io.thunderline.ml.text.SparseVector;

import java.util.Arrays;
import java.util.Locale;

/**
 * UPM's featuriser: exactly ml-core's {@code TextFeaturizer.unweighted(spec)} (the same tokens, the same seeded
 * MurmurHash3-style buckets, sublinear counts, L2 norm — bit-identical vectors, {@code HashedTextFeaturizerTest}
 * checks it against that class), computed with less work per character:
 * <ul>
 *   <li>character n-grams of one start position share their hash prefix: the 3-, 4- and 5-gram starting at a
 *   position cost 5 mixing steps instead of 12 (a hash is the mix over the gram's characters, then a finish that
 *   takes the length);</li>
 *   <li>counts are kept as ints in an open-addressing table that is reused by the thread (no table, no boxing and no
 *   growth per text) and cleared through the list of slots used;</li>
 *   <li>the character classes of Latin-1 come from a table built from {@link Character}'s own answers;</li>
 *   <li>{@code 1 + ln(count)} comes from a table for small counts (the values of {@link Math#log}).</li>
 * </ul>
 * Thread-safe: all scratch space is per thread.
 */
public final class HashedTextFeaturizer {
    private static final int SALT_WORD = 0x57_4F_52_44;
    private static final int SALT_CHAR = 0x43_48_41_52;
    /** Latin-1 character classes: letter or digit, and a visible non-space character (a token of its own). */
    private static final byte LETTER_OR_DIGIT = 1;
    private static final byte SYMBOL = 2;
    private static final byte[] CLASS = new byte[256];
    private static final double[] SUBLINEAR = new double[4096];

    static {
        for (char c = 0; c < CLASS.length; c++) {
            CLASS[c] = classify(c);
        }
        for (int n = 1; n < SUBLINEAR.length; n++) {
            SUBLINEAR[n] = 1.0 + Math.log(n);
        }
    }

    private final FeatureSpec spec;
    private final int seed;
    private final int mask;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public HashedTextFeaturizer(FeatureSpec spec) {
        if (spec.signedHashing()) {
            throw new IllegalArgumentException("UPM features are unsigned: a spec with signed hashing is not supported");
        }
        this.spec = spec;
        this.seed = (int) (spec.seed() ^ (spec.seed() >>> 32));
        this.mask = Integer.bitCount(spec.hashDims()) == 1 ? spec.hashDims() - 1 : -1;
    }

    public FeatureSpec spec() {
        return spec;
    }

    private static byte classify(char c) {
        if (Character.isLetterOrDigit(c)) {
            return LETTER_OR_DIGIT;
        }
        return !Character.isWhitespace(c) && !Character.isISOControl(c) ? SYMBOL : 0;
    }

    private static byte classOf(char c) {
        return c < 256 ? CLASS[c] : classify(c);
    }

    /** The L2-normalised sublinear term counts of the text's hashed word and character n-grams. */
    public SparseVector transform(String text) {
        String source = spec.maxChars() > 0 && text.length() > spec.maxChars() ? text.substring(0, spec.maxChars()) : text;
        char[] chars = (spec.lowercase() ? source.toLowerCase(Locale.ROOT) : source).toCharArray();
        Scratch s = scratch.get();
        int tokens = tokenize(chars, s);
        int[] starts = s.starts;
        int[] ends = s.ends;
        int[] tokenHashes = s.tokenHashes;
        Bag bag = s.bag;
        bag.reset(chars.length);
        for (int n = 1; n <= spec.wordNgramMax(); n++) {
            int base = seed ^ (n * 0x9E3779B9);
            for (int i = 0; i + n <= tokens; i++) {
                int h = base;
                for (int j = i; j < i + n; j++) {
                    h = Murmur3.mix(h, tokenHashes[j]);
                }
                bag.add(bucket(Murmur3.finish(h, n)), 1);
            }
        }
        if (spec.charNgramMax() > 0) {
            // character grams depend only on the word: each distinct word (by token hash, as ml-core counts them) once,
            // weighted by its count
            Bag words = s.words;
            words.reset(tokens);
            int[] firstSeen = s.firstSeen(tokens);
            int distinct = 0;
            for (int t = 0; t < tokens; t++) {
                if (words.add(tokenHashes[t] & 0x7FFFFFFF, 1) == 1) {
                    firstSeen[distinct++] = t;
                }
            }
            int max = spec.charNgramMax();
            int charBase = seed ^ SALT_CHAR;
            // a 0-gram (charNgramMin 0) hashes no character: the same bucket at each of the marked + 1 positions
            int emptyGram = spec.charNgramMin() == 0 ? bucket(Murmur3.finish(charBase, 0)) : -1;
            int min = Math.max(1, spec.charNgramMin());
            for (int d = 0; d < distinct; d++) {
                int t = firstSeen[d];
                int occurrences = words.get(tokenHashes[t] & 0x7FFFFFFF);
                int start = starts[t];
                int length = ends[t] - start;
                int marked = length + 2;
                if (emptyGram >= 0) {
                    bag.add(emptyGram, occurrences * (marked + 1));
                }
                for (int i = 0; i + min <= marked; i++) {
                    int h = charBase;
                    int last = Math.min(marked, i + max);
                    for (int p = i; p < last; p++) {
                        char c = p == 0 ? '<' : p == length + 1 ? '>' : chars[start + p - 1];
                        h = Murmur3.mix(h, c);
                        int n = p - i + 1;
                        if (n >= min) {
                            bag.add(bucket(Murmur3.finish(h, n)), occurrences);
                        }
                    }
                }
            }
        }
        return bag.weighed(spec.hashDims());
    }

    /** Token spans into the scratch arrays and each token's hash; returns the token count. */
    private int tokenize(char[] chars, Scratch s) {
        int count = 0;
        int start = -1;
        int wordSeed = seed ^ SALT_WORD;
        int h = 0;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            byte kind = classOf(c);
            if (kind == LETTER_OR_DIGIT) {
                if (start < 0) {
                    start = i;
                    h = wordSeed;
                }
                h = Murmur3.mix(h, c);
                continue;
            }
            if (start >= 0 || kind == SYMBOL) {
                s.ensureTokens(count + 2);
            }
            if (start >= 0) {
                s.starts[count] = start;
                s.ends[count] = i;
                s.tokenHashes[count++] = Murmur3.finish(h, i - start);
                start = -1;
            }
            if (kind == SYMBOL) {
                s.starts[count] = i;
                s.ends[count] = i + 1;
                s.tokenHashes[count++] = Murmur3.finish(Murmur3.mix(wordSeed, c), 1);
            }
        }
        if (start >= 0) {
            s.ensureTokens(count + 1);
            s.starts[count] = start;
            s.ends[count] = chars.length;
            s.tokenHashes[count++] = Murmur3.finish(h, chars.length - start);
        }
        return count;
    }

    private int bucket(int hash) {
        return mask >= 0 ? hash & mask : Math.floorMod(hash, spec.hashDims());
    }

    /** Per-thread buffers, grown as texts need and kept. */
    private static final class Scratch {
        int[] starts = new int[256];
        int[] ends = new int[256];
        int[] tokenHashes = new int[256];
        int[] firstSeen = new int[256];
        final Bag bag = new Bag();
        final Bag words = new Bag();

        void ensureTokens(int n) {
            if (n > starts.length) {
                int size = Math.max(n, starts.length * 2);
                starts = Arrays.copyOf(starts, size);
                ends = Arrays.copyOf(ends, size);
                tokenHashes = Arrays.copyOf(tokenHashes, size);
            }
        }

        int[] firstSeen(int n) {
            if (n > firstSeen.length) {
                firstSeen = new int[Math.max(n, firstSeen.length * 2)];
            }
            return firstSeen;
        }
    }

    /**
     * Int counts by non-negative int key: open addressing over the first {@code mask + 1} slots of arrays that are
     * kept (sized to the text at hand, so a short text after a long one stays in cache), cleared through the list of
     * slots used.
     */
    private static final class Bag {
        private static final int EMPTY = -1;
        private int[] keys = new int[0];
        private int[] counts = new int[0];
        private int[] used = new int[1];
        private int mask;
        private int size;

        /** Empties the bag, sized for about {@code expected} keys. */
        void reset(int expected) {
            for (int i = 0; i < size; i++) {
                keys[used[i]] = EMPTY;
            }
            size = 0;
            use(Integer.highestOneBit(Math.max(16, Math.min(expected, 1 << 24))) * 4);
        }

        private void use(int capacity) {
            if (capacity > keys.length) {
                keys = new int[capacity];
                counts = new int[capacity];
                used = new int[capacity / 2 + 1];
                Arrays.fill(keys, EMPTY);
            }
            mask = capacity - 1;
        }

        private int slot(int key) {
            return (key * 0x9E3779B9) >>> 7 & mask;
        }

        /** Adds {@code weight} to the key's count and returns the new count. */
        int add(int key, int weight) {
            int m = mask;
            int slot = slot(key);
            int k;
            while ((k = keys[slot]) != EMPTY) {
                if (k == key) {
                    return counts[slot] += weight;
                }
                slot = (slot + 1) & m;
            }
            keys[slot] = key;
            counts[slot] = weight;
            used[size++] = slot;
            if (size * 2 > m) {
                grow();
            }
            return weight;
        }

        int get(int key) {
            int slot = slot(key);
            int k;
            while ((k = keys[slot]) != EMPTY) {
                if (k == key) {
                    return counts[slot];
                }
                slot = (slot + 1) & mask;
            }
            return 0;
        }

        private void grow() {
            int n = size;
            int[] heldKeys = new int[n];
            int[] heldCounts = new int[n];
            for (int i = 0; i < n; i++) {
                heldKeys[i] = keys[used[i]];
                heldCounts[i] = counts[used[i]];
                keys[used[i]] = EMPTY;
            }
            use((mask + 1) * 2);
            size = 0;
            for (int i = 0; i < n; i++) {
                int at = slot(heldKeys[i]);
                while (keys[at] != EMPTY) {
                    at = (at + 1) & mask;
                }
                keys[at] = heldKeys[i];
                counts[at] = heldCounts[i];
                used[size++] = at;
            }
        }

        /** Marks of the keys present, one bit per bucket: orders the keys by a scan instead of a sort. */
        private long[] bits = new long[0];

        /**
         * Sorted by key, each count weighed 1 + ln(count), L2-normalised (as ml-core's TextFeaturizer does); keys are
         * below {@code dims}.
         */
        SparseVector weighed(int dims) {
            int[] sorted = new int[size];
            if (dims <= 1 << 24) {
                // a bitmap of dims bits (32 KiB for 2^18): set the keys' bits, then read them back in order
                int words = (dims + 63) >>> 6;
                if (bits.length < words) {
                    bits = new long[words];
                }
                for (int i = 0; i < size; i++) {
                    int key = keys[used[i]];
                    bits[key >>> 6] |= 1L << key;
                }
                int n = 0;
                for (int w = 0; w < words; w++) {
                    long word = bits[w];
                    if (word != 0) {
                        bits[w] = 0;
                        do {
                            sorted[n++] = w << 6 | Long.numberOfTrailingZeros(word);
                            word &= word - 1;
                        } while (word != 0);
                    }
                }
            } else {
                for (int i = 0; i < size; i++) {
                    sorted[i] = keys[used[i]];
                }
                Arrays.sort(sorted);
            }
            int[] indices = sorted;
            float[] values = new float[size];
            double norm = 0;
            for (int i = 0; i < size; i++) {
                int count = get(indices[i]);
                // ml-core sums float counts: exact for integer counts below 2^24, as these are
                double weight = count < SUBLINEAR.length ? SUBLINEAR[count] : 1.0 + Math.log((float) count);
                values[i] = (float) weight;
                norm += weight * weight;
            }
            if (norm > 0) {
                float inverse = (float) (1.0 / Math.sqrt(norm));
                for (int i = 0; i < values.length; i++) {
                    values[i] *= inverse;
                }
            }
            return new SparseVector(indices, values);
        }
    }
}
