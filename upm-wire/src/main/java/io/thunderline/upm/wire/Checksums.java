package io.thunderline.upm.wire;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lower-case hex, of bytes or of a weight array (its big-endian float bytes). */
public final class Checksums {
    private Checksums() {
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** The checksum of a model's weights: SHA-256 over the IEEE-754 big-endian bytes of every float, in order. */
    public static String sha256(float[] weights) {
        MessageDigest digest = digest();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        int at = 0;
        while (at < weights.length) {
            int n = Math.min(weights.length - at, chunk.capacity() / 4);
            chunk.clear();
            chunk.asFloatBuffer().put(weights, at, n);
            digest.update(chunk.array(), 0, n * 4);
            at += n;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
