package io.thunderline.ml.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Big-endian primitives for the model payload (an in-memory buffer, so no checked I/O). */
final class BinaryWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    private final DataOutputStream out = new DataOutputStream(bytes);

    void writeInt(int v) {
        run(() -> out.writeInt(v));
    }

    void writeLong(long v) {
        run(() -> out.writeLong(v));
    }

    void writeDouble(double v) {
        run(() -> out.writeDouble(v));
    }

    void writeBoolean(boolean v) {
        run(() -> out.writeBoolean(v));
    }

    void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        run(() -> out.write(utf8));
    }

    void writeFloats(float[] values) {
        writeInt(values.length);
        run(() -> {
            for (float v : values) {
                out.writeFloat(v);
            }
        });
    }

    /** Doubles that were rounded to float precision, stored as floats (exactly). */
    void writeDoublesAsFloats(double[] values) {
        writeInt(values.length);
        run(() -> {
            for (double v : values) {
                out.writeFloat((float) v);
            }
        });
    }

    void writeStringMap(Map<String, String> map) {
        writeInt(map.size());
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            writeString(e.getKey());
            writeString(e.getValue());
        });
    }

    byte[] toByteArray() {
        run(out::flush);
        return bytes.toByteArray();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void run(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
