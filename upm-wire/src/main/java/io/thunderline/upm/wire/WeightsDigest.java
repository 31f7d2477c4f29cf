package io.thunderline.upm.wire;

import io.thunderline.ml.online.AdapterDelta;

/**
 * An incremental digest of a weight array: the sum (mod 2^64) over non-zero weights of a bijective 64-bit mix of
 * (position, float bits). Changing weight i from a to b changes the digest by mix(i, b) − mix(i, a), so a holder of
 * the weights updates it in O(changed weights) when it applies a delta, where a SHA-256 of a 16 MiB model costs ~20 ms
 * each time. It detects a wrong base or a mis-applied delta (a random change goes unnoticed with probability 2^-64);
 * it is not meant to resist a forger — the adapter bytes themselves are checked by SHA-256.
 */
public final class WeightsDigest {
    private WeightsDigest() {
    }

    /** The digest of a whole array: one pass. */
    public static long of(float[] weights) {
        return summarize(weights).digest();
    }

    /** The digest and the number of non-zero weights, in one pass (the latter sizes a sparse full copy). */
    public record Summary(long digest, int nonZero) {
    }

    public static Summary summarize(float[] weights) {
        long sum = 0;
        int nonZero = 0;
        for (int i = 0; i < weights.length; i++) {
            if (Float.floatToRawIntBits(weights[i]) != 0) {
                nonZero++;
                sum += term(i, weights[i]);
            }
        }
        return new Summary(sum, nonZero);
    }

    /** The digest after replacing, in an array whose digest was {@code digest}, the positions of {@code delta}. */
    public static long afterDelta(long digest, float[] before, AdapterDelta delta) {
        int[] at = delta.indices();
        float[] values = delta.values();
        long sum = digest;
        for (int i = 0; i < at.length; i++) {
            sum += term(at[i], values[i]) - term(at[i], before[at[i]]);
        }
        return sum;
    }

    /** A zero weight contributes nothing, so the all-zero model has digest 0 and sparse models are cheap. */
    static long term(int position, float value) {
        int bits = Float.floatToRawIntBits(value);
        if (bits == 0) {
            return 0;
        }
        return mix(((long) position << 32) | (bits & 0xFFFFFFFFL));
    }

    /** MurmurHash3's 64-bit finaliser: a bijection, so distinct (position, bits) pairs give distinct terms. */
    static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb53fe1a85ec3L;
        z ^= z >>> 33;
        return z;
    }

    /** Digests travel as 16 hex digits. */
    public static String hex(long digest) {
        return String.format("%016x", digest);
    }
}
