package io.thunderline.trainer.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which side of an A/B deployment answers a call. Each call draws a number u in [0, 1): B answers when u is below B's
 * share. Without a key u is a fresh random draw per call, so over n calls the number B answers is binomial(n, share).
 * With a key (a user, a session, a device) u is a hash of deployment and key: the same key always gets the same side
 * while the share stays, and a larger share only moves keys from A to B, never back.
 */
public final class AbSplit {
    /** The two sides: A the active model, B the candidate. */
    public enum Arm { A, B }

    private AbSplit() {
    }

    public static Arm choose(double candidateShare, double u) {
        return u < candidateShare ? Arm.B : Arm.A;
    }

    /** A fresh draw per call, or the key's fixed place in [0, 1) when a key is given. */
    public static double draw(String deploymentId, String key) {
        if (key == null || key.isBlank()) {
            return ThreadLocalRandom.current().nextDouble();
        }
        return unit(deploymentId + "\n" + key);
    }

    /** The first 53 bits of SHA-256 of {@code s} as a number in [0, 1): uniform, and the same on every instance. */
    static double unit(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            return (bits >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
