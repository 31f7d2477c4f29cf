package io.thunderline.ml.text;

/**
 * The MurmurHash3 (x86, 32-bit) steps every hashed feature is built from, once: ml-core's {@link FeatureHasher} and
 * upm-wire's fast featuriser must hash exactly alike, or agents and the online learner would see other buckets.
 */
public final class Murmur3 {
    private Murmur3() {
    }

    /** One round: folds {@code value} into {@code h}. */
    public static int mix(int h, int value) {
        int k = value * 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        k *= 0x1b873593;
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    /** The finaliser over {@code length} mixed values. */
    public static int finish(int h, int length) {
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
