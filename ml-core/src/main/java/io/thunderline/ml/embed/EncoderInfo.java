package io.thunderline.ml.embed;

import java.util.Objects;

/**
 * Identity of a pretrained encoder: a model that was trained with it must be served with exactly
 * these weights, so the model file stores all four fields and loading compares them.
 *
 * @param name       e.g. "all-MiniLM-L6-v2-q"
 * @param version    the package version the weights came from
 * @param sha256     SHA-256 of the weights file (hex)
 * @param dimensions width of the vectors
 * @param maxChars   texts are cut to this many characters before encoding (0 = whole text)
 */
public record EncoderInfo(String name, String version, String sha256, int dimensions, int maxChars) {

    public EncoderInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative");
        }
    }

    public String describe() {
        return name + " " + version + " (sha256 " + sha256.substring(0, Math.min(12, sha256.length())) + "…, "
                + dimensions + " dims)";
    }
}
