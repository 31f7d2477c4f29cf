package io.thunderline.ml.online;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The sparse difference between two weight snapshots of equal length: the positions that
 * changed and their new values. Storing new values (not differences) makes applying exact:
 * base + delta reproduces the target bit for bit.
 */
public record AdapterDelta(int length, int[] indices, float[] values) {

    private static final int MAGIC = 0x41444C31; // "ADL1"

    public AdapterDelta {
        if (indices.length != values.length) {
            throw new IllegalArgumentException("indices and values differ in length");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= length || (i > 0 && indices[i] <= indices[i - 1])) {
                throw new IllegalArgumentException("indices must be increasing and inside the weight array");
            }
        }
    }

    public static AdapterDelta between(float[] base, float[] target) {
        if (base.length != target.length) {
            throw new IllegalArgumentException("snapshots differ in length: " + base.length + " vs " + target.length);
        }
        // Arrays.mismatch compares in SIMD strides, so the long unchanged runs (most of a model) cost almost nothing.
        // It compares as Float.equals does: the same as raw bits except between NaNs, which a trained model has none of.
        int n = base.length;
        int[] indices = new int[256];
        float[] values = new float[256];
        int count = 0;
        int at = 0;
        while (at < n) {
            int offset = Arrays.mismatch(base, at, n, target, at, n);
            if (offset < 0) {
                break;
            }
            at += offset;
            if (count == indices.length) {
                indices = Arrays.copyOf(indices, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            indices[count] = at;
            values[count++] = target[at];
            at++;
        }
        return new AdapterDelta(n, Arrays.copyOf(indices, count), Arrays.copyOf(values, count));
    }

    /** The non-zero weights of {@code target}: the delta from an all-zero model, without allocating one. */
    public static AdapterDelta nonZero(float[] target) {
        int count = 0;
        for (float v : target) {
            if (Float.floatToRawIntBits(v) != 0) {
                count++;
            }
        }
        int[] indices = new int[count];
        float[] values = new float[count];
        int k = 0;
        for (int i = 0; i < target.length; i++) {
            if (Float.floatToRawIntBits(target[i]) != 0) {
                indices[k] = i;
                values[k++] = target[i];
            }
        }
        return new AdapterDelta(target.length, indices, values);
    }

    /** A new array: {@code base} with this delta's positions replaced. */
    public float[] applyTo(float[] base) {
        if (base.length != length) {
            throw new IllegalArgumentException("delta is for " + length + " weights, base has " + base.length);
        }
        float[] out = base.clone();
        for (int i = 0; i < indices.length; i++) {
            out[indices[i]] = values[i];
        }
        return out;
    }

    /** Number of changed weights. */
    public int size() {
        return indices.length;
    }

    public int byteSize() {
        return 12 + 8 * indices.length;
    }

    /** Bytes of sending every weight instead: lets the caller pick whichever is smaller. */
    public int fullByteSize() {
        return 8 + 4 * length;
    }

    public boolean smallerThanFull() {
        return byteSize() < fullByteSize();
    }

    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(byteSize());
        buffer.putInt(MAGIC).putInt(length).putInt(indices.length);
        for (int i = 0; i < indices.length; i++) {
            buffer.putInt(indices[i]).putFloat(values[i]);
        }
        return buffer.array();
    }

    public static AdapterDelta fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 12 || buffer.getInt() != MAGIC) {
            throw new IllegalArgumentException("not an adapter delta");
        }
        int length = buffer.getInt();
        int n = buffer.getInt();
        if (n < 0 || bytes.length != 12 + 8L * n) {
            throw new IllegalArgumentException("adapter delta has the wrong size");
        }
        int[] indices = new int[n];
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            indices[i] = buffer.getInt();
            values[i] = buffer.getFloat();
        }
        return new AdapterDelta(length, indices, values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdapterDelta d && length == d.length && Arrays.equals(indices, d.indices)
                && Arrays.equals(values, d.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * length + Arrays.hashCode(indices)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "AdapterDelta[length=" + length + ", changed=" + indices.length + "]";
    }
}
