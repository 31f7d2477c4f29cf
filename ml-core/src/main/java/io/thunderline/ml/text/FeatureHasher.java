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
            h = Murmur3.mix(h, chars[i]);
        }
        return Murmur3.finish(h, to - from);
    }

    /** Signed bucket (see {@link #signedBucket}) of the word n-gram of tokenHashes[from, from+n). */
    int wordNgram(int[] tokenHashes, int from, int n) {
        int h = seed ^ (n * 0x9E3779B9);
        for (int i = from; i < from + n; i++) {
            h = Murmur3.mix(h, tokenHashes[i]);
        }
        return signedBucket(Murmur3.finish(h, n));
    }

    /** Signed bucket of the n characters starting at position {@code from} of "&lt;" + word + "&gt;". */
    int charNgram(char[] chars, int wordStart, int wordEnd, int from, int n) {
        int h = seed ^ SALT_CHAR;
        int length = wordEnd - wordStart;
        for (int p = from; p < from + n; p++) {
            char c = p == 0 ? '<' : p == length + 1 ? '>' : chars[wordStart + p - 1];
            h = Murmur3.mix(h, c);
        }
        return signedBucket(Murmur3.finish(h, n));
    }

    /** Bucket of an arbitrary char range under a caller-chosen salt (language-model contexts). */
    int salted(int salt, CharSequence chars, int from, int to) {
        int h = seed ^ salt;
        for (int i = from; i < to; i++) {
            h = Murmur3.mix(h, chars.charAt(i));
        }
        return bucket(Murmur3.finish(h, to - from));
    }

    /** Bucket of a precomputed token hash under a salt. */
    int salted(int salt, int tokenHash) {
        return bucket(Murmur3.finish(Murmur3.mix(seed ^ salt, tokenHash), 1));
    }

    /**
     * The bucket, or its complement ({@code ~bucket}, negative) when the hash's top bit is set: the bucket comes from
     * the low bits, so the top bit is a sign independent of it for any bucket count up to 2^31.
     */
    private int signedBucket(int hash) {
        int bucket = bucket(hash);
        return hash < 0 ? ~bucket : bucket;
    }

    /** The bucket of a signed bucket. */
    static int bucketOf(int signedBucket) {
        return signedBucket >= 0 ? signedBucket : ~signedBucket;
    }

    private int bucket(int hash) {
        return Math.floorMod(hash, dims);
    }
}
