package io.thunderline.ml.text;

/**
 * Maps n-grams to buckets with seeded MurmurHash3-style mixing (32 bit). Word n-grams
 * combine per-token hashes; character n-grams hash the characters of a word framed by
 * '&lt;' and '&gt;'. Each kind has its own salt so a word and an equal character gram
 * do not collide by design.
 */
final class FeatureHasher {

    private static final int SALT_WORD = 0x57_4F_52_44;
    private static final int SALT_CHAR = 0x43_48_41_52;

    private final int dims;
    private final int seed;

    FeatureHasher(int dims, long seed) {
        this.dims = dims;
        this.seed = (int) (seed ^ (seed >>> 32));
    }

    /** Hash of one token chars[from, to), the building block of word n-grams. */
    int token(char[] chars, int from, int to) {
        int h = seed ^ SALT_WORD;
        for (int i = from; i < to; i++) {
            h = mix(h, chars[i]);
        }
        return finish(h, to - from);
    }

    /** Bucket of the word n-gram of tokenHashes[from, from+n). */
    int wordNgram(int[] tokenHashes, int from, int n) {
        int h = seed ^ (n * 0x9E3779B9);
        for (int i = from; i < from + n; i++) {
            h = mix(h, tokenHashes[i]);
        }
        return bucket(finish(h, n));
    }

    /** Bucket of the n characters starting at position {@code from} of "&lt;" + word + "&gt;". */
    int charNgram(char[] chars, int wordStart, int wordEnd, int from, int n) {
        int h = seed ^ SALT_CHAR;
        int length = wordEnd - wordStart;
        for (int p = from; p < from + n; p++) {
            char c = p == 0 ? '<' : p == length + 1 ? '>' : chars[wordStart + p - 1];
            h = mix(h, c);
        }
        return bucket(finish(h, n));
    }

    /** Bucket of an arbitrary char range under a caller-chosen salt (language-model contexts). */
    int salted(int salt, CharSequence chars, int from, int to) {
        int h = seed ^ salt;
        for (int i = from; i < to; i++) {
            h = mix(h, chars.charAt(i));
        }
        return bucket(finish(h, to - from));
    }

    /** Bucket of a precomputed token hash under a salt. */
    int salted(int salt, int tokenHash) {
        return bucket(finish(mix(seed ^ salt, tokenHash), 1));
    }

    private int bucket(int hash) {
        return Math.floorMod(hash, dims);
    }

    private static int mix(int h, int value) {
        int k = value * 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        k *= 0x1b873593;
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int finish(int h, int length) {
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
