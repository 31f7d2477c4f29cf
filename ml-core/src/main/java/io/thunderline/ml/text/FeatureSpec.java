package io.thunderline.ml.text;

/**
 * How text becomes features: word n-grams (1..wordNgramMax) and character n-grams of
 * each word (charNgramMin..charNgramMax, with word boundary marks) hashed into
 * {@code hashDims} buckets. {@code seed} salts the hash so different models can use
 * different collision patterns. {@code maxChars} truncates very long texts (0 = no limit).
 * With {@code signedHashing} each n-gram adds +1 or −1 (one bit of its hash) to its bucket, so n-grams that share a
 * bucket cancel out on average instead of piling up (Weinberger et al., 2009; scikit-learn's HashingVectorizer does
 * the same by default); without it every n-gram adds +1.
 */
public record FeatureSpec(int hashDims, int wordNgramMax, int charNgramMin, int charNgramMax,
                          boolean lowercase, long seed, int maxChars, boolean signedHashing) {

    public static final int DEFAULT_HASH_DIMS = 1 << 18;

    public FeatureSpec {
        if (hashDims < 2) {
            throw new IllegalArgumentException("hashDims must be at least 2");
        }
        if (wordNgramMax < 0 || charNgramMin < 0 || charNgramMax < 0) {
            throw new IllegalArgumentException("n-gram bounds must not be negative");
        }
        if (charNgramMax > 0 && charNgramMin > charNgramMax) {
            throw new IllegalArgumentException("charNgramMin > charNgramMax");
        }
        if (wordNgramMax == 0 && charNgramMax == 0) {
            throw new IllegalArgumentException("at least word or character n-grams are needed");
        }
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative");
        }
    }

    /** Unsigned hashing: the spec of model files written before format 3 and of UPM's online features. */
    public FeatureSpec(int hashDims, int wordNgramMax, int charNgramMin, int charNgramMax,
                       boolean lowercase, long seed, int maxChars) {
        this(hashDims, wordNgramMax, charNgramMin, charNgramMax, lowercase, seed, maxChars, false);
    }

    /** Word 1-2-grams, character 3-5-grams, 2^18 buckets, lower-cased, unsigned (UPM's online features). */
    public static FeatureSpec defaults() {
        return new FeatureSpec(DEFAULT_HASH_DIMS, 2, 3, 5, true, 42L, 0);
    }

    /** {@link #defaults()} with signed hashing: what the classifier search trains on. */
    public static FeatureSpec classifierDefaults() {
        return defaults().withSignedHashing(true);
    }

    public FeatureSpec withHashDims(int dims) {
        return new FeatureSpec(dims, wordNgramMax, charNgramMin, charNgramMax, lowercase, seed, maxChars, signedHashing);
    }

    public FeatureSpec withSeed(long newSeed) {
        return new FeatureSpec(hashDims, wordNgramMax, charNgramMin, charNgramMax, lowercase, newSeed, maxChars, signedHashing);
    }

    public FeatureSpec withMaxChars(int chars) {
        return new FeatureSpec(hashDims, wordNgramMax, charNgramMin, charNgramMax, lowercase, seed, chars, signedHashing);
    }

    public FeatureSpec withCharNgrams(int min, int max) {
        return new FeatureSpec(hashDims, wordNgramMax, min, max, lowercase, seed, maxChars, signedHashing);
    }

    public FeatureSpec withWordNgramMax(int max) {
        return new FeatureSpec(hashDims, max, charNgramMin, charNgramMax, lowercase, seed, maxChars, signedHashing);
    }

    public FeatureSpec withSignedHashing(boolean signed) {
        return new FeatureSpec(hashDims, wordNgramMax, charNgramMin, charNgramMax, lowercase, seed, maxChars, signed);
    }
}
