package io.thunderline.ml.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads what {@link BinaryWriter} wrote; any inconsistency becomes a {@link ModelFileException}. */
final class BinaryReader {

    private final ByteBuffer buffer;

    BinaryReader(byte[] payload) {
        this.buffer = ByteBuffer.wrap(payload);
    }

    int readInt() throws ModelFileException {
        try {
            return buffer.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    int readCount(int max) throws ModelFileException {
        int n = readInt();
        if (n < 0 || n > max) {
            throw new ModelFileException("model file is corrupted: count " + n + " out of range");
        }
        return n;
    }

    long readLong() throws ModelFileException {
        try {
            return buffer.getLong();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    double readDouble() throws ModelFileException {
        try {
            return buffer.getDouble();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    float readFloat() throws ModelFileException {
        try {
            return buffer.getFloat();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    boolean readBoolean() throws ModelFileException {
        try {
            return buffer.get() != 0;
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    String readString() throws ModelFileException {
        int n = readCount(buffer.remaining());
        byte[] utf8 = new byte[n];
        buffer.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    float[] readFloats() throws ModelFileException {
        int n = readCount(buffer.remaining() / 4);
        float[] values = new float[n];
        buffer.asFloatBuffer().get(values);
        buffer.position(buffer.position() + n * 4);
        return values;
    }

    void readFloatsInto(double[] target) throws ModelFileException {
        int n = readCount(buffer.remaining() / 4);
        if (n != target.length) {
            throw new ModelFileException("model file is corrupted: expected " + target.length + " values, found " + n);
        }
        for (int i = 0; i < n; i++) {
            target[i] = buffer.getFloat();
        }
    }

    Map<String, String> readStringMap() throws ModelFileException {
        int n = readCount(buffer.remaining());
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(), readString());
        }
        return map;
    }

    boolean exhausted() {
        return !buffer.hasRemaining();
    }

    private static ModelFileException truncated() {
        return new ModelFileException("model file is corrupted: payload ends too early");
    }
}
