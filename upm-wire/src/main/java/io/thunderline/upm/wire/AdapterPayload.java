package io.thunderline.upm.wire;

import io.thunderline.ml.online.AdapterDelta;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What an adapter on upm.adapters carries once its payload is base64-decoded and decompressed: the model's shape,
 * its label vocabulary (class id = position), the SHA-256 and the incremental {@link WeightsDigest} of the weights it
 * produces, and either all weights
 * ({@link Kind#FULL_DENSE}, {@link Kind#FULL_SPARSE}) or the changed weights since {@code baseVersion}
 * ({@link Kind#DELTA}).
 *
 * <p>Wire layout (big-endian): magic "UPA2", kind (byte), dims, classes (int), version, baseVersion (long, -1 for
 * none), weights SHA-256 (32 bytes), weights digest (long), label count (int) and labels (modified UTF-8), data length
 * (int), data. "UPA1" (before the digest) is still read: its weights digest is null and an agent checks SHA-256. Data of a
 * dense payload is every float in order; of a sparse one {@link AdapterDelta#toBytes()} (a full sparse payload is
 * the delta from all-zero weights). The event's {@code encoding} names this layout and the compression:
 * {@code upm-adapter-v1+zstd} or {@code upm-adapter-v1+gzip}; its {@code checksum} is the SHA-256 of the compressed
 * bytes, so an agent checks what it received before it inflates anything.
 */
public record AdapterPayload(Kind kind, int dims, int classes, long version, long baseVersion, String weightsSha256,
                             Long weightsDigest, List<String> labels, float[] dense, AdapterDelta delta) {

    public static final String FORMAT = "upm-adapter-v1";
    private static final int MAGIC_V1 = 0x55504131; // "UPA1": no weights digest
    private static final int MAGIC = 0x55504132; // "UPA2"

    public enum Kind {
        FULL_DENSE, FULL_SPARSE, DELTA;

        public boolean full() {
            return this != DELTA;
        }
    }

    public AdapterPayload {
        labels = List.copyOf(labels);
        if (dims < 1 || classes < 2) {
            throw new IllegalArgumentException("adapter shape " + dims + " dims x " + classes + " classes is not a model");
        }
        if (labels.size() > classes) {
            throw new IllegalArgumentException(labels.size() + " labels do not fit " + classes + " classes");
        }
        int length = weightCount(dims, classes);
        if (kind == Kind.FULL_DENSE && (dense == null || dense.length != length)) {
            throw new IllegalArgumentException("a dense adapter needs " + length + " weights");
        }
        if (kind != Kind.FULL_DENSE && (delta == null || delta.length() != length)) {
            throw new IllegalArgumentException("a sparse adapter needs a delta over " + length + " weights");
        }
        if ((kind == Kind.DELTA) != (baseVersion >= 1)) {
            throw new IllegalArgumentException("a delta needs a base version and a full adapter must not have one");
        }
    }

    /** Weights of a softmax over {@code dims} features and {@code classes} classes: weights then biases. */
    public static int weightCount(int dims, int classes) {
        long n = (long) dims * classes + classes;
        if (n > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(dims + " dims x " + classes + " classes is too large a model");
        }
        return (int) n;
    }

    public static String encoding(Compression compression) {
        return FORMAT + "+" + compression.wireName();
    }

    /** The compression named by an event's encoding; refuses layouts this agent does not know. */
    public static Compression compressionOf(String encoding) {
        if (encoding == null || !encoding.startsWith(FORMAT + "+")) {
            throw new IllegalArgumentException("unknown adapter encoding '" + encoding + "'; this agent reads "
                    + FORMAT + "+zstd and " + FORMAT + "+gzip");
        }
        return Compression.fromWire(encoding.substring(FORMAT.length() + 1));
    }

    /** All weights, choosing dense or sparse by size (a young model is mostly zeros). */
    public static AdapterPayload full(int dims, int classes, long version, String weightsSha256, List<String> labels,
                                      float[] weights) {
        return full(dims, classes, version, weightsSha256, WeightsDigest.of(weights), labels, weights);
    }

    public static AdapterPayload full(int dims, int classes, long version, String weightsSha256, long weightsDigest,
                                      List<String> labels, float[] weights) {
        AdapterDelta fromZero = AdapterDelta.nonZero(weights);
        return fromZero.smallerThanFull()
                ? new AdapterPayload(Kind.FULL_SPARSE, dims, classes, version, -1, weightsSha256, weightsDigest, labels,
                null, fromZero)
                : new AdapterPayload(Kind.FULL_DENSE, dims, classes, version, -1, weightsSha256, weightsDigest, labels,
                weights, null);
    }

    public static AdapterPayload delta(int dims, int classes, long version, long baseVersion, String weightsSha256,
                                       long weightsDigest, List<String> labels, AdapterDelta delta) {
        return new AdapterPayload(Kind.DELTA, dims, classes, version, baseVersion, weightsSha256, weightsDigest, labels,
                null, delta);
    }

    /** Uncompressed data size of a full adapter of weights with {@code nonZero} of {@code length} set (sparse or dense). */
    public static long fullDataBytes(int nonZero, int length) {
        return Math.min(12 + 8L * nonZero, 4L * length);
    }

    /** Uncompressed size of the weight data: what "whichever is smaller" compares. */
    public int dataBytes() {
        return kind == Kind.FULL_DENSE ? 4 * dense.length : delta.byteSize();
    }

    public byte[] toBytes() {
        byte[] data;
        if (kind == Kind.FULL_DENSE) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * dense.length);
            buffer.asFloatBuffer().put(dense);
            data = buffer.array();
        } else {
            data = delta.toBytes();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(kind.ordinal());
            out.writeInt(dims);
            out.writeInt(classes);
            out.writeLong(version);
            out.writeLong(baseVersion);
            out.write(HexFormat.of().parseHex(weightsSha256));
            out.writeLong(weightsDigest == null ? 0 : weightsDigest);
            out.writeInt(labels.size());
            for (String label : labels) {
                out.writeUTF(label);
            }
            out.writeInt(data.length);
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static AdapterPayload fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = bytes.length < 8 ? 0 : in.readInt();
            if (magic != MAGIC && magic != MAGIC_V1) {
                throw new IllegalArgumentException("not a " + FORMAT + " payload");
            }
            int kindId = in.readUnsignedByte();
            if (kindId >= Kind.values().length) {
                throw new IllegalArgumentException("unknown adapter kind " + kindId);
            }
            Kind kind = Kind.values()[kindId];
            int dims = in.readInt();
            int classes = in.readInt();
            long version = in.readLong();
            long baseVersion = in.readLong();
            byte[] sha = in.readNBytes(32);
            Long digest = magic == MAGIC ? in.readLong() : null;
            int labelCount = in.readInt();
            if (labelCount < 0 || labelCount > classes) {
                throw new IllegalArgumentException("adapter lists " + labelCount + " labels for " + classes + " classes");
            }
            List<String> labels = new ArrayList<>(labelCount);
            for (int i = 0; i < labelCount; i++) {
                labels.add(in.readUTF());
            }
            int length = in.readInt();
            byte[] data = in.readNBytes(length);
            if (data.length != length || in.available() != 0) {
                throw new IllegalArgumentException("adapter payload has the wrong length");
            }
            String hex = HexFormat.of().formatHex(sha);
            if (kind == Kind.FULL_DENSE) {
                int count = weightCount(dims, classes);
                if (length != 4 * count) {
                    throw new IllegalArgumentException("dense adapter holds " + length / 4 + " weights, shape needs " + count);
                }
                float[] weights = new float[count];
                ByteBuffer.wrap(data).asFloatBuffer().get(weights);
                return new AdapterPayload(kind, dims, classes, version, baseVersion, hex, digest, labels, weights, null);
            }
            return new AdapterPayload(kind, dims, classes, version, baseVersion, hex, digest, labels, null,
                    AdapterDelta.fromBytes(data));
        } catch (IOException e) {
            throw new IllegalArgumentException("adapter payload is truncated", e);
        }
    }

    /** Compressed wire bytes (what is base64-encoded into the event and checksummed). */
    public byte[] encode(Compression compression) {
        return compression.compress(toBytes());
    }

    public static AdapterPayload decode(String encoding, byte[] wire) {
        return fromBytes(compressionOf(encoding).decompress(wire));
    }
}
