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
        int changed = 0;
        for (int i = 0; i < base.length; i++) {
            if (Float.floatToRawIntBits(base[i]) != Float.floatToRawIntBits(target[i])) {
                changed++;
            }
        }
        int[] indices = new int[changed];
        float[] values = new float[changed];
        int k = 0;
        for (int i = 0; i < base.length; i++) {
            if (Float.floatToRawIntBits(base[i]) != Float.floatToRawIntBits(target[i])) {
                indices[k] = i;
                values[k++] = target[i];
            }
        }
        return new AdapterDelta(base.length, indices, values);
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
